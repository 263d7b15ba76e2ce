package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.aihegemony.kg.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** robots.txt, sitemap.xml, the licences and the Korean font fallbacks. */
class TestCrawlersAndLicence {
    /** The standard base, mapped to the server's root. */
    static final String BASE = "https://w3id.org/aihegemony/";
    @TempDir static Path tmp;
    static LinkedDataServer ld;

    @BeforeAll
    static void start() { ld = LinkedDataServer.start(tmp); }

    @AfterAll
    static void stop() { if (ld != null) ld.close(); }

    @Test
    void robotsPointsToTheSitemapOnThisHost() {
        HttpResponse<String> r = ld.get("/robots.txt");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Sitemap: https://w3id.org/aihegemony/sitemap.xml"), "Sitemap line under the base: " + r.body());
        assertTrue(r.body().contains("Disallow: /kg/"), "the endpoint is not for crawling: " + r.body());
    }

    @Test
    void sitemapListsEveryEntityPage() throws Exception {
        HttpResponse<String> r = ld.get("/sitemap.xml");
        assertEquals(200, r.statusCode(), r.body());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        NodeList locs = doc.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < locs.getLength(); i++)
            urls.add(locs.item(i).getTextContent());
        for (String name : List.of("google", "kaggle", "anthony-goldbloom", "ev-test-01"))
            assertTrue(urls.contains(BASE + "page/" + name), name + " is listed: " + urls);
        for (String url : urls)
            if (url.contains("/page/"))
                assertEquals(200, ld.get("/" + url.substring(BASE.length()), "Accept", "text/html").statusCode(), url + " exists");
    }

    @Test
    void licencesAreStated() throws Exception {
        assertTrue(Files.readString(Fixtures.repository().resolve("LICENSE")).contains("Apache License"), "LICENSE is Apache-2.0");
        String home = ld.get("/", "Accept", "text/html").body();
        assertTrue(home.contains("License of the data") && home.contains("Apache License 2.0"), "the home page states both");
    }

    @Test
    void theStylesheetNamesKoreanFonts() {
        String css = ld.get("/static/site.css").body();
        for (String font : List.of("Noto Sans KR", "Malgun Gothic", "NanumGothic", "Apple SD Gothic Neo"))
            assertTrue(css.contains(font), "fallback " + font);
    }
}
