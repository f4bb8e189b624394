/**
 * The FHIR R4 facade: the International Patient Summary of a record ({@code GET /fhir/Patient/{id}/$summary}), a
 * person's grants as Consent and their record's access events as AuditEvent ({@code GET /fhir/Consent},
 * {@code GET /fhir/AuditEvent}), read through the GraphQL API in-process, so that they pass the same consent decision
 * and role checks and leave the same audit events as any GraphQL request; and the import of a summary
 * ({@code POST /fhir/Patient/{id}/$import}), written through the record module's service with the write path's
 * consent decision and audit events; HAPI's model and parser, behind Spring MVC.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "graphql", "record",
		"record :: content", "consent", "audit", "identity" })
package org.carnet.fhir;
