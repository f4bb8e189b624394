/** Administration through the API: organisations, accounts and clinic clients, key rotation and erasure. */
package org.carnet.graphql.admin;
