/**
 * Paged reads: {@link io.streamgate.platform.paging.PageSize}, the page size a client asks for with {@code ?limit=}.
 */
package io.streamgate.platform.paging;
