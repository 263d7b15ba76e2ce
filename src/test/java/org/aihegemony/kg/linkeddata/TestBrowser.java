package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's path through the site in a real browser: Debian's headless chromium, driven through
 * Debian's chromedriver (both given by path, so Selenium Manager downloads nothing). Opens the home
 * page, types a query into YASGUI, runs it and reads the results table; then follows a resource's IRI
 * to its page and reads its labels and an evidence quote.
 */
class TestBrowser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path tmp;
    static LinkedDataServer ld;
    static ChromeDriverService service;
    static WebDriver driver;

    @BeforeAll
    static void start() {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        ld = LinkedDataServer.start(tmp);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--window-size=1200,1600");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File(tmp.resolve("chromedriver.log").toString())).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null)
                driver.quit();
        } finally {
            try {
                if (service != null)
                    service.stop();
            } finally {
                if (ld != null)
                    ld.close();
            }
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @Test
    void runAQueryInTheEditorAndSeeATable() {
        driver.get(ld.url + "/");
        WebElement editor = waiting().until(d -> d.findElements(By.cssSelector(".yasqe .CodeMirror")).stream().findFirst().orElse(null));
        editor.click();
        WebElement input = driver.findElement(By.cssSelector(".yasqe .CodeMirror textarea"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys("SELECT ?label WHERE { <https://w3id.org/aihegemony/id/google> "
                + "<http://www.w3.org/2000/01/rdf-schema#label> ?label ");
        input.sendKeys("}");
        String typed = (String) ((JavascriptExecutor) driver).executeScript("return window.kgYasgui.getTab().getYasqe().getValue();");
        assertTrue(typed.startsWith("SELECT ?label") && typed.strip().endsWith("}"), "the editor holds the typed query: " + typed);
        driver.findElement(By.cssSelector(".yasqe_queryButton")).click();
        WebElement table = waiting().until(d -> d.findElements(By.cssSelector(".yasr table.dataTable tbody tr td"))
                .stream().filter(WebElement::isDisplayed).findFirst().map(td -> d.findElement(By.cssSelector(".yasr table.dataTable")))
                .orElse(null));
        String text = table.getText();
        assertTrue(text.contains("Google") && text.contains("구글"), "the results table shows both labels: " + text);
        assertEquals(2L, ((JavascriptExecutor) driver).executeScript(
                "return document.querySelectorAll('.yasr table.dataTable tbody tr').length;"), "one row per label");

        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
        assertTrue(fetched.stream().anyMatch(u -> u.endsWith("/yasgui/yasgui.min.js")), "the editor came from this server: " + fetched);
        for (String url : fetched)
            assertTrue(url.startsWith(ld.url + "/") || url.startsWith("data:"), "nothing is fetched from another site: " + url);
    }

    @Test
    void aShareLinkOpensAndRunsItsQuery() {
        driver.get(ld.url + "/#query=" + org.aihegemony.kg.Http.enc("SELECT ?name WHERE { <https://w3id.org/aihegemony/id/kaggle> "
                + "<http://www.w3.org/2000/01/rdf-schema#label> ?name FILTER(lang(?name) = \"ko\") }").replace("+", "%20"));
        WebElement table = waiting().until(d -> d.findElements(By.cssSelector(".yasr table.dataTable"))
                .stream().filter(t -> t.isDisplayed() && !t.findElements(By.cssSelector("tbody td")).isEmpty()).findFirst().orElse(null));
        assertTrue(table.getText().contains("캐글"), "the shared query ran: " + table.getText());
    }

    @Test
    void followAnIriToItsPageAndSeeLabelsAndEvidence() {
        driver.get(ld.url + "/id/kaggle");
        assertEquals(ld.url + "/page/kaggle", driver.getCurrentUrl(), "the browser was sent (303) to the page");
        String h1 = driver.findElement(By.tagName("h1")).getText();
        assertTrue(h1.contains("캐글") && h1.contains("Kaggle"), "the heading shows the Korean and English labels: " + h1);
        List<WebElement> quotes = driver.findElements(By.cssSelector(".evidence blockquote.quote"));
        assertTrue(quotes.stream().anyMatch(q -> q.getText().contains("캐글은 앤서니 골드블룸이 2010년에 창업했으며")),
                "an evidence quote is shown");
        assertTrue(driver.findElement(By.cssSelector(".evidence .cite")).getText().contains("Platform competition"),
                "with its section");
        driver.findElement(By.linkText("Google · 구글")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/page/google"));
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("Google"), "a linked value leads to its page");
    }
    @Test
    void typeInTheSearchBoxPickASuggestionAndLandOnItsPage() {
        driver.get(ld.url + "/page/google");
        WebElement box = driver.findElement(By.id("site-search"));
        box.sendKeys("캐");
        WebElement option = waiting().until(d -> d.findElements(By.cssSelector("#site-search-suggestions li a"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertTrue(option.getText().contains("캐글"), "the first suggestion for 캐 is 캐글: " + option.getText());
        option.click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/page/kaggle"));
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("Kaggle"), "the suggestion led to Kaggle's page");
    }

    @Test
    void submitTheSearchBoxAndSeeRankedResults() {
        driver.get(ld.url + "/");
        WebElement box = driver.findElement(By.id("site-search"));
        box.sendKeys("크라우드소싱", Keys.ENTER);
        waiting().until(d -> d.getCurrentUrl().contains("/search?q="));
        List<WebElement> hits = waiting().until(d -> {
            List<WebElement> l = d.findElements(By.cssSelector("ol.hits li.hit"));
            return l.isEmpty() ? null : l;
        });
        String first = hits.get(0).getText();
        assertTrue(first.contains("크라우드소싱"), "the first hit shows the matching quote: " + first);
        assertEquals("크라우드소싱", hits.get(0).findElement(By.tagName("mark")).getText(), "the match is marked");
    }
    @Test
    void aSavedQueryOpensAsATableWhoseIrisLeadToTheirPages() {
        driver.get(ld.url + "/queries/acquisitions");
        WebElement table = waiting().until(d -> d.findElements(By.cssSelector("table.results")).stream().findFirst().orElse(null));
        List<WebElement> headers = table.findElements(By.cssSelector("thead th"));
        assertEquals(List.of("company", "platform"), headers.stream().map(WebElement::getText).toList(), "the columns");
        WebElement link = table.findElement(By.linkText("Google · 구글"));
        assertEquals("https://w3id.org/aihegemony/id/google", link.getAttribute("title"), "the IRI is shown on hover");
        link.click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/page/google"));
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("Google"), "the IRI led to its page");
    }
    @Test
    void aSavedQueryLoadsIntoTheEditorFromTheExamples() {
        driver.get(ld.url + "/");
        WebElement select = waiting().until(d -> d.findElements(By.cssSelector("#query-examples option[value='platforms']"))
                .stream().findFirst().map(o -> d.findElement(By.id("query-examples"))).orElse(null));
        new org.openqa.selenium.support.ui.Select(select).selectByValue("platforms");
        String text = (String) ((JavascriptExecutor) driver).executeScript("return window.kgYasgui.getTab().getYasqe().getValue();");
        assertTrue(text.contains("aih:acquiredBy") && !text.contains("#+"), "the editor holds the saved query, without its header: " + text);
        driver.findElement(By.cssSelector(".yasqe_queryButton")).click();
        WebElement table = waiting().until(d -> d.findElements(By.cssSelector(".yasr table.dataTable"))
                .stream().filter(t -> t.isDisplayed() && !t.findElements(By.cssSelector("tbody td")).isEmpty()).findFirst().orElse(null));
        assertTrue(table.getText().contains("Kaggle") && table.getText().contains("Google"), "and it runs: " + table.getText());
    }

    @Test
    void aSavedQuerysPageOpensItInTheEditor() {
        driver.get(ld.url + "/queries/platforms");
        driver.findElement(By.cssSelector("a.editor")).click();
        WebElement table = waiting().until(d -> d.findElements(By.cssSelector(".yasr table.dataTable"))
                .stream().filter(t -> t.isDisplayed() && !t.findElements(By.cssSelector("tbody td")).isEmpty()).findFirst().orElse(null));
        assertTrue(table.getText().contains("Kaggle"), "the editor opened the saved query and ran it: " + table.getText());
    }
    @Test
    void theQueryListShowsThePandasExampleWithThisServersAddress() {
        driver.get(ld.url + "/queries");
        String example = waiting().until(d -> d.findElements(By.cssSelector("code .origin")).stream()
                .filter(e -> e.getText().startsWith("http")).findFirst().map(WebElement::getText).orElse(null));
        assertEquals(ld.url, example, "the pandas example names the address the browser used");
    }
}
