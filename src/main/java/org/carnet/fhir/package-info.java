/**
 * The FHIR R4 facade: the International Patient Summary of a record ({@code GET /fhir/Patient/{id}/$summary}), read
 * through the GraphQL read path in-process, so that it passes the same consent decision and leaves the same audit
 * event as any GraphQL read; and its import ({@code POST /fhir/Patient/{id}/$import}), written through the record
 * module's service with the write path's consent decision and audit events; HAPI's model and parser, behind Spring MVC.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "graphql", "record",
		"record :: content", "consent", "audit", "identity" })
package org.carnet.fhir;
