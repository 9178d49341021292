package io.streamgate.dashboard;

import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live dashboard in a real headless Chromium on the real stack, the trips join running: under a short load the
 * test sends itself (a few dozen requests to every system), the page's numbers change, its charts draw, and the
 * browser's console shows no error. On both listeners. Leaves a screenshot of the page under load in
 * {@code target/screenshots/}; with {@code -Dstreamgate.docs.regenerate=true} also in {@code docs/images/}, where the
 * README shows it.
 */
@TestPropertySource(properties = {
        "streamgate.trips.join.enabled=true",
        "streamgate.trips.join.application-id=dashboard-test-${random.uuid}",
        // At the end of the test JVM the shared broker stops alongside this context: do not wait 30 s for it.
        "streamgate.streams.close-timeout=5s"})
class DashboardPageInBrowserTest extends EndToEndTest {

    /**
     * The load stops as soon as the page has moved: it has shown this many samples since the load began, with more
     * payments answered and trips joined. For the README's screenshot, longer, so that the charts have a shape.
     */
    private static final boolean FOR_THE_README = Boolean.getBoolean("streamgate.docs.regenerate");
    private static final int SAMPLES_UNDER_LOAD = FOR_THE_README ? 45 : 4;
    /** At most this many rounds of load, each about eight requests. */
    private static final int MAX_ROUNDS = FOR_THE_README ? 5000 : 60;
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "dashboard-under-load.png");
    private static final Path README_SCREENSHOT = Path.of("..", "docs", "images", "dashboard.png");

    @Value("${local.server.port}")
    int port;
    @Autowired
    AdditionalPort orderDetailsPort;

    HeadlessChromium browser;
    ChromeDriver page;
    String previousOrder;

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void open(int listener) throws IOException {
        // The machine the tests share is loaded: give a request of the load the time a slow one may take.
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        browser = HeadlessChromium.startOrSkip();
        page = browser.driver();
        page.manage().window().setSize(new Dimension(1400, 1000));
        page.get("http://127.0.0.1:" + listener + "/dashboard/");
        await().atMost(Duration.ofSeconds(30)).until(() -> samplesShown() >= 2
                && "live".equals(page.findElement(By.id("connection")).getAttribute("class")));
    }

    @Test
    void shouldShowNumbersAndChartsThatMoveUnderLoadWithNoErrorInTheConsole() throws IOException {
        open(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> page.findElements(By.cssSelector("#health li")).stream()
                .anyMatch(pill -> pill.getText().equals("streams UP")));
        long paymentsBefore = figure("payments.http.requests");
        long joinedBefore = figure("trips.streamgate.trips.join.joined.value");

        int shownAtStart = samplesShown();
        int round = 0;
        while (round < MAX_ROUNDS && !(samplesShown() >= shownAtStart + SAMPLES_UNDER_LOAD
                && figure("payments.http.requests") > paymentsBefore
                && figure("trips.streamgate.trips.join.joined.value") > joinedBefore)) {
            sendARoundOfLoad(round++);
        }

        assertThat(figure("payments.http.requests")).as("payments answered, as the page says")
                .isGreaterThan(paymentsBefore);
        assertThat(figure("trips.streamgate.trips.join.joined.value")).as("trips joined").isGreaterThan(joinedBefore);
        for (String system : List.of("payments", "orders", "orderdetails", "submissions", "trips")) {
            assertThat(page.findElements(By.id("system-" + system))).as(system + "'s card").hasSize(1);
        }
        assertThat(page.findElements(By.cssSelector("#health li"))).extracting(WebElement::getText)
                .contains("kafka UP", "schema registry UP", "postgres UP");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(pointsOf("#system-payments [data-chart='requests/s by status class']")).isPositive();
            assertThat(pointsOf("#produce [data-chart='acknowledged/s by topic']")).isPositive();
            assertThat(pointsOf("[data-chart='in life cycle']")).isPositive();
            assertThat(pointsOf("[data-chart='join waiting']")).isPositive();
        });
        assertThat(drawnCanvases()).as("every chart's canvas has pixels drawn").isEqualTo(canvases()).isPositive();
        assertThat(browser.consoleErrors()).isEmpty();

        saveScreenshot();
    }

    @Test
    void shouldWorkOnTheOrderDetailsListenerToo() throws IOException {
        open(orderDetailsPort.port());

        assertThat(page.findElements(By.cssSelector("#health li"))).isNotEmpty();
        assertThat(drawnCanvases()).isEqualTo(canvases()).isPositive();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** A few requests to every system: payments (one refused), an order, its details, a trip, a code submission. */
    private void sendARoundOfLoad(int round) {
        post("/payments", "{\"amount\": 19.99, \"currency\": \"USD\", \"customer_id\": \"DASH-" + round % 7 + "\"}");
        if (round % 3 == 0) {
            post("/payments", "{\"amount\": \"19.99\"}");
        }
        if (previousOrder != null) { // the previous round's order, which the read model has most likely applied by now
            http.get().uri("/order-details?orderId={id}", previousOrder).exchange().expectBody().returnResult();
        }
        previousOrder = "DASH-" + UUID.randomUUID();
        post("/create-order", "{\"orderId\": \"" + previousOrder + "\", \"itemsCount\": 2}");
        String trip = "DASH-TRIP-" + UUID.randomUUID();
        post("/trips/requested", String.format(Locale.ROOT, """
                {"trip_id": "%s", "rider_id": "RIDER-1", "pickup_latitude": 37.7749, "pickup_longitude": -122.4194,
                 "dropoff_latitude": 37.8044, "dropoff_longitude": -122.2712, "requested_at": "2026-11-23T10:00:00Z"}""",
                trip));
        post("/trips/driver-assigned", String.format(Locale.ROOT, """
                {"trip_id": "%s", "driver_id": "DRIVER-5", "vehicle_plate": "7ABC123",
                 "assigned_at": "2026-11-23T10:01:00Z"}""", trip));
        if (round % 4 != 3) { // every fourth trip stays waiting for its last part
            post("/trips/completed", String.format(Locale.ROOT, """
                    {"trip_id": "%s", "distance_meters": 18250, "duration_seconds": 1560, "fare": 42.50,
                     "currency": "USD", "completed_at": "2026-11-23T10:27:00Z"}""", trip));
        }
        if (round % 2 == 0) {
            post("/submit-code", "{\"code\": \"print(1)\", \"language\": \"python\", \"input_data\": \"\", "
                    + "\"user_id\": \"dashboard\"}");
        }
    }

    /** Sends it and reads the answer, whatever it is (which also hands the connection back for the next). */
    private void post(String uri, String body) {
        http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody()
                .returnResult();
    }

    private int samplesShown() {
        String samples = page.findElement(By.tagName("body")).getAttribute("data-samples");
        return samples == null ? 0 : Integer.parseInt(samples);
    }

    /** A whole number the page shows, e.g. {@code 1,234}; -1 while it shows none. */
    private long figure(String key) {
        List<WebElement> found = page.findElements(By.cssSelector("[data-figure='" + key + "']"));
        if (found.isEmpty()) {
            return -1;
        }
        String text = found.getFirst().getText().replace(",", "");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    private long pointsOf(String chartSelector) {
        return page.findElements(By.cssSelector(chartSelector)).stream()
                .mapToLong(chart -> Long.parseLong(chart.getAttribute("data-points"))).sum();
    }

    private long canvases() {
        return (Long) page.executeScript("return document.querySelectorAll('canvas').length;");
    }

    /** Canvases with at least one pixel that is not transparent: the axes, the grid and the lines uPlot drew. */
    private long drawnCanvases() {
        return (Long) page.executeScript("""
                return [...document.querySelectorAll('canvas')].filter(canvas => {
                  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; }
                  return false;
                }).length;""");
    }

    private void saveScreenshot() throws IOException {
        long height = (Long) page.executeScript("return document.documentElement.scrollHeight;");
        // The window's viewport is a little smaller than the window: leave room, the background fills it.
        page.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 160, 4000)));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, page.getScreenshotAs(OutputType.BYTES));
        if (FOR_THE_README) {
            Files.copy(SCREENSHOT, README_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
