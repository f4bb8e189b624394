/** The embedded OAuth2 authorization server, users, organisations, clients, token claims and resource-server security. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "audit", "record", "web" })
package org.carnet.identity;
