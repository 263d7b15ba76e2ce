package org.aihegemony.kg.server;

import java.util.function.BiConsumer;

/**
 * Headers that keep a browser safe, on every response: no content sniffing, no framing by other
 * sites, no referrer sent to other sites, and a Content-Security-Policy that lets pages load scripts,
 * styles, fonts and images from this server only (the query editor and the API docs are served from
 * the jar). Styles may be inline because the query editor sets them; scripts may not.
 */
final class WebSafety {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private WebSafety() {}

    static void headers(BiConsumer<String, String> set) {
        set.accept("X-Content-Type-Options", "nosniff");
        set.accept("X-Frame-Options", "DENY");
        set.accept("Referrer-Policy", "same-origin");
        set.accept("Content-Security-Policy", CSP);
    }
}
