/**
 * Ids the platform and its systems create for new things: {@link io.streamgate.platform.ids.TimeOrderedIds}.
 */
package io.streamgate.platform.ids;
