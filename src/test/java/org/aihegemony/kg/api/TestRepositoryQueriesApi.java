package org.aihegemony.kg.api;

import static org.aihegemony.kg.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's own saved queries through the API, over a store built from the repository's data:
 * every competency-question query answers without parameters, and the parameters added to some of
 * them (open-platforms, statement-provenance, china-big-data-milestones) narrow the answer.
 */
class TestRepositoryQueriesApi {
    static final String ID = "https://w3id.org/aihegemony/id/";

    @TempDir
    static Path tmp;
    static ApiServer api;

    @BeforeAll
    static void start() {
        api = ApiServer.serve(Fixtures.repository(), tmp.resolve("store"), Duration.ofSeconds(30), 64L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        if (api != null)
            api.close();
    }

    static List<String> csvRows(String pathAndQuery) {
        HttpResponse<String> r = Http.get(api.base + pathAndQuery, null);
        assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
        List<String> lines = Arrays.asList(r.body().split("\r\n"));
        return lines.subList(1, lines.size());
    }

    @Test
    void everySavedQueryAnswersWithoutParameters() {
        HttpResponse<String> listing = Http.get(api.base + "/queries", null);
        List<String> names = JSON.parse(listing.body()).get("queries").getAsArray().stream()
                .map(q -> q.getAsObject().get("name").getAsString().value()).toList();
        assertTrue(names.size() >= 21, "the twenty competency queries and more are listed: " + names);
        for (String name : names) {
            HttpResponse<String> r = Http.get(api.base + "/queries/" + name, null);
            assertEquals(200, r.statusCode(), name + " answers: " + r.body());
            assertFalse(r.body().isBlank(), name + " has an answer");
        }
    }

    @Test
    void openPlatformsByYear() {
        List<String> all = csvRows("/queries/open-platforms.csv");
        assertEquals(15, all.size(), "fifteen platforms without a year (CQ01 and CQ02)");
        List<String> y2019 = csvRows("/queries/open-platforms.csv?year=2019");
        assertEquals(10, y2019.size(), "ten in 2019 (CQ02)");
        assertTrue(y2019.stream().allMatch(r -> r.startsWith("2019,")), "all of 2019: " + y2019);
        assertTrue(y2019.stream().anyMatch(r -> r.contains("Xiaomi") && r.contains("스마트 홈")), "Xiaomi, smart home");
        List<String> y2018 = csvRows("/queries/open-platforms.csv?year=2018");
        assertEquals(5, y2018.size(), "five in 2018 (CQ01)");
        assertEquals(all, csvRows("/queries/open-platforms.csv?year=2018&year=2019"), "both years: everything");
        assertEquals(List.of("2018,Baidu,바이두,Autonomous driving,자율주행," + ID + "baidu"),
                csvRows("/queries/open-platforms.csv?company=aihr:baidu"), "one company's platform");
        JsonValue year = JSON.parse(Http.get(api.base + "/queries", null).body()).get("queries").getAsArray().stream()
                .filter(q -> q.getAsObject().get("name").getAsString().value().equals("open-platforms")).findFirst().orElseThrow()
                .getAsObject().get("parameters").getAsArray().get(0);
        assertEquals("[ \"2018\" , \"2019\" ]", JSON.toStringFlat(year.getAsObject().get("allowedValues")),
                "the years are read from the data");
    }

    @Test
    void provenanceOfAChosenResource() {
        List<String> kaggle = csvRows("/queries/statement-provenance.csv");
        assertFalse(kaggle.isEmpty(), "Kaggle's statements by default");
        assertTrue(kaggle.stream().allMatch(r -> r.startsWith(ID + "kaggle,")), "only Kaggle's");
        List<String> baidu = csvRows("/queries/statement-provenance.csv?resource=" + enc(ID + "baidu"));
        assertFalse(baidu.isEmpty(), "Baidu's statements");
        assertTrue(baidu.stream().allMatch(r -> r.startsWith(ID + "baidu,")), "only Baidu's: " + baidu);
        List<String> both = csvRows("/queries/statement-provenance.csv?resource=aihr:baidu&resource=aihr:kaggle");
        assertEquals(kaggle.size() + baidu.size(), both.size(), "two resources: both sets of statements");
    }

    @Test
    void bigDataMilestonesWithinYears() {
        List<String> all = csvRows("/queries/china-big-data-milestones.csv");
        List<String> some = csvRows("/queries/china-big-data-milestones.csv?from=2015&to=2016");
        assertTrue(all.size() > some.size() && !some.isEmpty(), "a narrower chronology: " + some);
        assertTrue(some.stream().allMatch(r -> r.startsWith("2015") || r.startsWith("2016")), "only 2015 and 2016: " + some);
    }
}
