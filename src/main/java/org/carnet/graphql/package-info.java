/** The GraphQL API: schema wiring, the consent gate on classified fields, error mapping and limits. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
		"core", "audit", "consent", "identity", "keyring", "record", "record :: content" })
package org.carnet.graphql;
