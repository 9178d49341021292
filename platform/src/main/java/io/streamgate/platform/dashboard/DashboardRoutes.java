package io.streamgate.platform.dashboard;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The dashboard's routes: {@code /dashboard/} (the page), its files, the chart library under
 * {@code /dashboard/lib/} (uPlot, served from its WebJar, so no CDN and no copy in the repository) and
 * {@code /dashboard/stream} (server-sent events, one {@code sample} event per interval, each a {@link Snapshot} as
 * JSON). Served only while the dashboard is on, which is why the page is not under {@code static/}.
 */
final class DashboardRoutes {

    static final String PAGE = "io/streamgate/platform/dashboard/page/";
    static final String CHART_LIBRARY = "classpath*:META-INF/resources/webjars/uplot/*/dist/uPlot.iife.min.js";

    private DashboardRoutes() {
    }

    static RouterFunction<ServerResponse> of(DashboardStream stream) {
        Resource index = new ClassPathResource(PAGE + "index.html");
        RouterFunction<ServerResponse> dashboard = RouterFunctions.route()
                .GET("/dashboard", request -> ServerResponse.status(HttpStatus.FOUND)
                        .location(URI.create("/dashboard/")).build())
                .GET("/dashboard/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .body(BodyInserters.fromResource(index)))
                .GET("/dashboard/stream", request -> ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                        .body(BodyInserters.fromServerSentEvents(stream.samples()
                                .map(sample -> ServerSentEvent.builder(sample).event("sample").build()))))
                .add(RouterFunctions.resources("/dashboard/lib/**", chartLibrary()))
                .add(RouterFunctions.resources("/dashboard/**", new ClassPathResource(PAGE)))
                .build();
        // Every other request fails this one test and never reaches the routes and resource lookups inside.
        return RouterFunctions.nest(request -> request.path().startsWith("/dashboard"), dashboard);
    }

    /** The directory of uPlot's browser build in its WebJar, whichever version the build resolved. */
    private static Resource chartLibrary() {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver().getResources(CHART_LIBRARY);
            if (found.length != 1) {
                throw new IllegalStateException("Expected one uPlot WebJar on the classpath (" + CHART_LIBRARY
                        + "), found " + found.length);
            }
            String url = found[0].getURL().toString();
            String path = url.substring(url.lastIndexOf("!/") + 2, url.lastIndexOf('/') + 1);
            return new ClassPathResource(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find uPlot's WebJar", e);
        }
    }
}
