/** The GraphQL API: schema wiring, the consent gate on classified fields, error mapping and limits. */
package org.carnet.graphql;
