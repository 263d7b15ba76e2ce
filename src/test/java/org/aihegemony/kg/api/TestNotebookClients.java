package org.aihegemony.kg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.aihegemony.kg.ExternalTool;
import org.aihegemony.kg.Fixtures;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook users' clients, run for real against a server this test starts on a free port over the
 * repository's own data: {@code queries/example.py}, the notebook executed headless by
 * {@code jupyter nbconvert --execute}, and pandas reading a CSV answer. Outside CI a missing tool skips a
 * test with a message; in CI it fails.
 */
class TestNotebookClients {
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

    /** An environment for the clients: the server's address, and caches kept out of the home folder. */
    static Map<String, String> env() {
        return Map.of("AIH_KG_URL", api.base, "MPLCONFIGDIR", tmp.resolve("mpl").toString(),
                "JUPYTER_RUNTIME_DIR", tmp.resolve("jupyter-runtime").toString(), "PYDEVD_DISABLE_FILE_VALIDATION", "1",
                "PYTHONDONTWRITEBYTECODE", "1");
    }

    @Test
    void pandasReadsACsvAnswer() {
        Path python = ExternalTool.python("pandas");
        String script = "import sys, pandas as pd\n"
                + "df = pd.read_csv(sys.argv[1])\n"
                + "print(len(df), list(df.columns))\n"
                + "print('|'.join(sorted(df.companyEn)))\n"
                + "print(df.year.dtype, df.year.unique().tolist())\n";
        ExternalTool.Result r = ExternalTool.run(List.of(python.toString(), "-c", script,
                api.base + "/queries/open-platforms.csv?year=2019"), tmp, env(), 120);
        assertEquals(0, r.code(), "pandas.read_csv ran: " + r.out());
        assertTrue(r.out().contains("10 ['year', 'companyEn', 'companyKo', 'domainEn', 'domainKo', 'company']"),
                "ten rows with the query's columns: " + r.out());
        assertTrue(r.out().contains("Hikvision|Huawei|JD.com|Megvii|Mininglamp|Ping An Insurance|Qihoo 360|TAL Education Group|Xiaomi|Yitu"),
                "the ten companies of 2019: " + r.out());
        assertTrue(r.out().contains("int64 [2019]"), "the year is read as a number: " + r.out());
    }

    @Test
    void theExampleScriptRuns() {
        Path python = ExternalTool.python("json");
        Path script = Fixtures.repository().resolve("queries/example.py");
        ExternalTool.Result byArg = ExternalTool.run(List.of(python.toString(), script.toString(), api.base), tmp,
                Map.of("PYTHONDONTWRITEBYTECODE", "1"), 120);
        assertEquals(0, byArg.code(), "example.py BASE_URL runs: " + byArg.out());
        for (String line : List.of("saved queries at " + api.base + "/queries", "open-platforms                   year (gYear), company (iri)",
                "Platforms designated in 2019: 10", "  Xiaomi                 Smart home", "  2018 ##### 5", "  2019 ########## 10",
                "Statements about Baidu: "))
            assertTrue(byArg.out().contains(line), "the output has '" + line + "':\n" + byArg.out());
        ExternalTool.Result byEnv = ExternalTool.run(List.of(python.toString(), script.toString()), tmp, env(), 120);
        assertEquals(byArg.out(), byEnv.out(), "the base URL from AIH_KG_URL gives the same output");
        ExternalTool.Result down = ExternalTool.run(List.of(python.toString(), script.toString(), "http://127.0.0.1:9"), tmp,
                Map.of("PYTHONDONTWRITEBYTECODE", "1"), 120);
        assertTrue(down.code() != 0 && down.out().contains("is the server running?"), "a clear message without a server: " + down.out());
    }

    @Test
    void theNotebookExecutesHeadless() throws Exception {
        Path nbconvert = ExternalTool.require("jupyter-nbconvert", "/usr/bin/jupyter-nbconvert", "jupyter-nbconvert");
        ExternalTool.python("pandas", "matplotlib", "ipykernel");
        Path out = Files.createDirectories(tmp.resolve("notebook"));
        ExternalTool.Result r = ExternalTool.run(List.of(nbconvert.toString(), "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=180", "--output-dir", out.toString(), "--output", "executed.ipynb",
                Fixtures.repository().resolve("queries/notebook-example.ipynb").toString()), tmp, env(), 300);
        assertEquals(0, r.code(), "nbconvert --execute succeeds: " + r.out());
        JsonObject nb = JSON.read(out.resolve("executed.ipynb").toString());
        List<String> errors = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int images = 0;
        int code = 0;
        for (JsonValue cell : nb.get("cells").getAsArray()) {
            JsonObject c = cell.getAsObject();
            if (!c.get("cell_type").getAsString().value().equals("code"))
                continue;
            code++;
            for (JsonValue o : c.get("outputs").getAsArray()) {
                JsonObject output = o.getAsObject();
                String type = output.get("output_type").getAsString().value();
                // A failed cell, or a traceback printed by a library; warnings (a font cache being built) are fine.
                if (type.equals("error") || (type.equals("stream") && output.get("name").getAsString().value().equals("stderr")
                        && JSON.toStringFlat(output).matches("(?s).*(Traceback|Error).*")))
                    errors.add(JSON.toStringFlat(output));
                if (output.hasKey("data")) {
                    JsonObject data = output.get("data").getAsObject();
                    if (data.hasKey("image/png"))
                        images++;
                    if (data.hasKey("text/plain"))
                        texts.add(JSON.toStringFlat(data.get("text/plain")));
                }
            }
        }
        assertEquals(List.of(), errors, "no cell failed or printed a traceback");
        assertTrue(code >= 5, "the notebook's code cells ran: " + code);
        assertEquals(1, images, "one chart is drawn");
        String all = String.join("\n", texts);
        assertTrue(all.contains("Xiaomi") && all.contains("Smart home"), "the 2019 platforms are shown: " + all);
        assertTrue(all.contains("open-platforms") && all.contains("statement-provenance"), "the list of queries is shown");
        assertTrue(all.contains("2019    10"), "ten platforms in 2019: " + all);
    }
}
