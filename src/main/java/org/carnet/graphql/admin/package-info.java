/** Administration through the API: organisations, accounts and clinic clients, key rotation, erasure and the statistics rebuild. */
package org.carnet.graphql.admin;
