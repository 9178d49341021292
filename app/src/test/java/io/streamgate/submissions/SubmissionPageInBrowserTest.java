package io.streamgate.submissions;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.HeadlessChromium;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The submission page served by the application, in a real headless Chromium on the real stack: a person picks a
 * language, writes code and input, submits, and sees the queued request id, which names the record in
 * {@code code-execution}; empty code shows the problem's message and writes nothing.
 */
class SubmissionPageInBrowserTest extends EndToEndTest {

    @Value("${local.server.port}")
    int port;

    HeadlessChromium browser;
    ChromeDriver page;

    @BeforeEach
    void openThePage() throws IOException {
        browser = HeadlessChromium.startOrSkip();
        page = browser.driver();
        page.get("http://127.0.0.1:" + port + "/submissions/index.html");
        await().atMost(Duration.ofSeconds(30)).until(() -> options().size() == 6);
    }

    @AfterEach
    void closeTheBrowser(TestInfo test) throws IOException {
        if (browser != null) {
            // What the page showed at the end, for a person to look at when the test fails.
            Path screenshot = Path.of("target", "screenshots",
                    getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName() + ".png");
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, page.getScreenshotAs(OutputType.BYTES));
            browser.close();
        }
    }

    @Test
    void shouldShowTheQueuedRequestIdOfASubmittedProgramWhichNamesItsRecord() {
        String user = "browser-" + UUID.randomUUID();
        try (TopicProbe<CodeSubmission> submissions = probe(Topics.CODE_EXECUTION)) {
            page.findElement(By.cssSelector("#language option[value='rust']")).click();
            type("code", "fn main() {\n    println!(\"hello from the browser\");\n}");
            type("input_data", "42");
            type("user_id", user);
            page.findElement(By.id("submit")).click();

            WebElement result = page.findElement(By.id("result"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "queued".equals(result.getAttribute("class")));
            String requestId = result.getAttribute("data-request-id");
            assertThat(result.getText()).contains("Request id: " + requestId).contains("queued");

            ConsumerRecord<String, CodeSubmission> record =
                    submissions.awaitRecord(r -> r.value().getRequestId().equals(requestId));
            assertThat(record.key()).isEqualTo(user);
            assertThat(record.value().getLanguage()).isEqualTo("rust");
            assertThat(record.value().getCode()).isEqualTo("fn main() {\n    println!(\"hello from the browser\");\n}");
            assertThat(record.value().getInputData()).isEqualTo("42");
        }
    }

    @Test
    void shouldShowTheProblemsMessageWhenTheCodeIsEmptyAndWriteNothing() {
        assertThat(options()).extracting(option -> option.getAttribute("value"))
                .containsExactly("python", "javascript", "java", "cpp", "go", "rust");
        try (TopicProbe<CodeSubmission> submissions = probe(Topics.CODE_EXECUTION)) {
            type("code", "   ");
            page.findElement(By.id("submit")).click();

            WebElement result = page.findElement(By.id("result"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "refused".equals(result.getAttribute("class")));
            assertThat(result.getText()).contains("(400)").contains("code: must not be empty or only whitespace");
            assertThat(result.getAttribute("data-request-id")).isNull();
            assertThat(submissions.recordsWrittenSinceStart()).isZero();
        }
    }

    private List<WebElement> options() {
        return page.findElements(By.cssSelector("#language option"));
    }

    private void type(String field, String text) {
        WebElement element = page.findElement(By.id(field));
        element.clear();
        element.sendKeys(text);
    }
}
