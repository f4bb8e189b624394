package org.carnet.fhir;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The answers of the GraphQL documents behind the FHIR searches ({@code FhirViewer}, {@code FhirConsents},
 * {@code FhirAccessLog}, {@code FhirAuditEvents} under {@code graphql-documents/fhir/}), read into records.
 */
final class SearchAnswers {

	private SearchAnswers() {
	}

	record ViewerAnswer(Viewer me) {
	}

	/** Who asks; {@code personId} is their own record, or that of the person a guardian or proxy acts for. */
	record Viewer(String subject, List<String> roles, String personId, ActingFor actingFor) {
	}

	record ActingFor(String representationId, String kind) {
	}

	record ConsentsAnswer(List<Grant> consents) {
	}

	/** A {@code ConsentGrant} as the API describes it. */
	record Grant(String id, String personId, Grantee grantee, List<String> categories, List<String> coarseCategories,
			String access, List<String> purposes, List<String> jurisdictions, OffsetDateTime validFrom,
			OffsetDateTime validUntil, String status, String grantedBy, OffsetDateTime grantedAt, String origin,
			OffsetDateTime revokedAt) {
	}

	record Grantee(String kind, String value, String displayName, String organisationName, String country) {
	}

	record EventsAnswer(Page page) {
	}

	record Page(List<Edge> edges, PageInfo pageInfo) {
	}

	record PageInfo(boolean hasNextPage, String endCursor) {
	}

	record Edge(String cursor, Event node) {
	}

	/** An {@code AccessEvent} as the API describes it: never a health value. */
	record Event(long sequence, OffsetDateTime time, String action, String outcome, Requester requester,
			String clientId, String personId, String homeJurisdiction, boolean crossBorder, boolean emergency,
			String purpose, List<String> categoriesServed, List<String> categoriesWithheld, List<String> grantIds,
			String operationName, String requestId, String target, String actingFor, String reason, Integer count) {
	}

	record Requester(String subject, String displayName, List<String> roles, Organisation organisation,
			String jurisdiction) {
	}

	record Organisation(String id, String name) {
	}
}
