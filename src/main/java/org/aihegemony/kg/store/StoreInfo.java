package org.aihegemony.kg.store;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;

/**
 * What a built store records about itself ({@code kg-build.properties} in its folder): the content hash
 * of its sources, when it was built, from where, and how many triples each graph holds.
 */
public record StoreInfo(Path dir, String contentHash, Instant builtAt, String origin, Map<String, Long> counts) {
    static final String FILE = "kg-build.properties";

    public long count(String key) {
        return counts.getOrDefault(key, 0L);
    }

    void write() {
        Properties p = new Properties();
        p.setProperty("contentHash", contentHash);
        p.setProperty("builtAt", builtAt.toString());
        p.setProperty("origin", origin);
        counts.forEach((k, v) -> p.setProperty("count." + k, Long.toString(v)));
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(w, "AI Hegemony KG store");
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    static StoreInfo read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f))
            throw new KgException(ErrorCode.STORE, "Not a built store (no " + FILE + "): " + dir);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot read " + f + ": " + e.getMessage(), e);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("count.")).sorted()
                .forEach(k -> counts.put(k.substring(6), Long.parseLong(p.getProperty(k))));
        return new StoreInfo(dir, p.getProperty("contentHash", ""),
                Instant.parse(p.getProperty("builtAt", Instant.EPOCH.toString())),
                p.getProperty("origin", ""), counts);
    }
}
