package org.aihegemony.kg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.junit.jupiter.api.Test;

/** The linked-data base option: checked before any work starts, shown in the help. */
class TestBaseOption {
    @Test
    void baseMustBeAnHttpIriEndingInASlash() {
        assertEquals("https://w3id.org/aihegemony/", Options.parse(new String[] { "serve" }).base(), "the standard base by default");
        assertEquals("http://localhost:3111/", Options.parse(new String[] { "serve", "--base", "http://localhost:3111/" }).base(),
                "a local base is accepted");
        assertEquals("https://example.org/kg/", Options.parse(new String[] { "serve", "--base=https://example.org/kg/" }).base(),
                "the --base=IRI form is accepted");
        for (String bad : new String[] { "https://example.org/kg", "ftp://example.org/", "example.org/", "https://exa mple.org/" }) {
            KgException e = assertThrows(KgException.class, () -> Options.parse(new String[] { "serve", "--base", bad }),
                    "rejected: " + bad);
            assertEquals(ErrorCode.USAGE, e.code(), "a bad base is a usage error: " + bad);
            assertTrue(e.getMessage().contains(bad), "the message names the value: " + e.getMessage());
        }
        assertTrue(Help.forCommand("serve").contains("--base"), "serve's help explains --base");
    }
}
