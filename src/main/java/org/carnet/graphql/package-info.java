/**
 * The GraphQL API: schema wiring, the consent gate on classified fields, error mapping and limits. This package holds
 * what every feature shares (the request scope, the audit trail of changes, errors, limits, scalars, instrumentation);
 * the features are its sub-packages, internal to the module: {@code read}, {@code write}, {@code consent},
 * {@code audit} and {@code admin}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
		"core", "audit", "consent", "identity", "keyring", "record", "record :: content", "statistics" })
package org.carnet.graphql;
