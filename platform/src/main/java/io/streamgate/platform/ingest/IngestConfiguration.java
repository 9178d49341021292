package io.streamgate.platform.ingest;

import io.streamgate.platform.problems.Problems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** Ingest of validated requests into topics: {@link BatchIngest}. */
@AutoConfiguration
public class IngestConfiguration {

    @Bean
    BatchIngest batchIngest(JsonMapper jsonMapper, Problems problems) {
        return new BatchIngest(jsonMapper, problems);
    }
}
