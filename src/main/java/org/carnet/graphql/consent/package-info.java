/** Consent through the API: grants, requests, share codes, break-glass, notifications and the grantee directory. */
package org.carnet.graphql.consent;
