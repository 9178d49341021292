/**
 * JSON as the API reads it: strictly (no unknown fields, duplicate keys, coercions or trailing content; decimals
 * exact), with {@link io.streamgate.platform.json.OptionalField} for a field that may be left out but never sent as
 * null, and {@link io.streamgate.platform.json.JsonEndpoints} for functional JSON routes with the annotated routes'
 * answers.
 */
package io.streamgate.platform.json;
