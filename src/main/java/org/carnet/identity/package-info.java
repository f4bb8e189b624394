/** The embedded OAuth2 authorization server, users, organisations, clients, token claims and resource-server security. */
package org.carnet.identity;
