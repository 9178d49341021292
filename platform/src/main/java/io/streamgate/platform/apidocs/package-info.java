/**
 * The OpenAPI description: the service's title and version, and every error answer documented as problem+json.
 */
package io.streamgate.platform.apidocs;
