package org.carnet.portal;

import java.util.List;

import org.carnet.core.Category;
import org.carnet.core.Purpose;

/**
 * What the API answers, as the portal reads it: one record per GraphQL type a page asks for, with the fields its
 * documents ({@code graphql-documents/portal/}) select. Instants, days and country codes stay as the API writes them
 * (ISO 8601 text, ISO 3166 codes): {@link PortalText} words them in the page's language. Enum values of other
 * modules are their names.
 */
final class Answers {

	private Answers() {
	}

	/** {@code Grantee}: who a grant is (or would be) for, with the name the server resolved, if any. */
	record Grantee(String kind, String value, String displayName, String organisationName, String country) {
	}

	/** {@code ConsentGrant}. */
	record Grant(String id, String personId, Grantee grantee, List<Category> categories, String access,
			List<Purpose> purposes, List<String> jurisdictions, String validFrom, String validUntil, String status,
			String origin, String grantedAt, String revokedAt, List<Category> coarseCategories) {
	}

	/** {@code ConsentRequest}; {@code grant} is the grant an approval created. */
	record ConsentRequest(String id, String kind, String status, String personId, String requestedBy,
			String requestedByRole, String requestedByOrganisation, String requestedByJurisdiction, Grantee grantee,
			List<Category> categories, String access, List<Purpose> purposes, List<String> jurisdictions,
			Integer grantDurationDays, String reason, String createdAt, String expiresAt, String answeredAt,
			Grant grant, List<Category> coarseCategories) {
	}

	/** {@code Representation}: a guardianship or proxy, as the person or the representative sees it. */
	record Representation(String id, String personId, String phrNumber, String representative,
			String representativeName, String kind, List<String> rights, String validUntil, String status,
			String authorityReference) {
	}

	/** {@code StatisticsConsent}: whether the person contributes to anonymous statistics, and with what. */
	record StatisticsConsent(boolean contributing, List<Category> categories, String since,
			List<Category> offeredCategories) {
	}

	/** {@code Notification}. */
	record Notification(String id, String kind, String actor, String actorJurisdiction, String referenceId,
			String createdAt, boolean read, String purpose, boolean emergency, List<String> categories,
			Integer accessCount, String lastAccessAt) {
	}

	/** {@code ShareCode}, just created. */
	record ShareCode(String id, String code, String qrSvg, String expiresAt, List<Category> categories,
			List<Purpose> purposes, Integer grantDurationDays) {
	}

	/** {@code EmergencyAccess}. */
	record EmergencyAccess(String id, String expiresAt, List<Category> categories) {
	}

	/** The id of what a mutation created or a look-up found. */
	record Id(String id) {
	}

	/** {@code ErasureReceipt}. */
	record ErasureReceipt(String personId, String erasedAt) {
	}

	/** {@code Person} with the identity's names only: who a page is about. */
	record PersonNamed(String id, String phrNumber, String homeJurisdiction, Names identity,
			String completenessNotice) {
	}

	/** The names of an {@code Identity}. */
	record Names(String givenNames, String familyName) {

		/** Given and family names as one, as recorded; empty when neither is. */
		String full() {
			return ((givenNames == null ? "" : givenNames) + " " + (familyName == null ? "" : familyName)).strip();
		}
	}

	/** {@code Organisation}, as an access event names it. */
	record Organisation(String name, String jurisdiction) {
	}

	/** {@code AccessRequester}. */
	record Requester(String subject, String displayName, List<String> roles, Organisation organisation,
			String jurisdiction) {
	}

	/** {@code AccessEvent}. */
	record AccessEvent(Long sequence, String time, String action, String outcome, String clientId,
			String personId, String homeJurisdiction, Boolean crossBorder, Boolean emergency, Purpose purpose,
			List<Category> categoriesServed, List<Category> categoriesWithheld, List<String> grantIds,
			String breakGlassJustification, String operationName, String target, Integer count,
			Requester requester, String actingFor, String reason) {
	}

	/** {@code AccessEventEdge}. */
	record AccessEventEdge(AccessEvent node) {
	}

	/** {@code PageInfo}. */
	record PageInfo(boolean hasNextPage, String endCursor) {
	}

	/** {@code AccessEventConnection}. */
	record AccessEventPage(List<AccessEventEdge> edges, PageInfo pageInfo) {

		/** The events of the page, in its order. */
		List<AccessEvent> events() {
			return edges == null ? List.of()
					: edges.stream().map(AccessEventEdge::node).filter(java.util.Objects::nonNull).toList();
		}
	}

	/** {@code CrossBorderFlow}. */
	record CrossBorderFlow(String requesterJurisdiction, String homeJurisdiction, long accesses,
			long emergencyAccesses, long denied) {
	}

	/** {@code StreamHead}. */
	record StreamHead(int stream, long sequence) {
	}

	/** {@code Checkpoint}. */
	record Checkpoint(Long id, String createdAt, String keyId, String algorithm, List<StreamHead> streams) {

		/** The highest sequence it signed. */
		long head() {
			return streams == null ? 0 : streams.stream().mapToLong(StreamHead::sequence).max().orElse(0);
		}
	}

	/** {@code AuditVerification}. */
	record AuditVerification(boolean ok, long eventsChecked, int streamsChecked, Long firstBrokenSequence,
			Integer brokenStream, String problem, String reason, String verifiedAt, Checkpoint checkpoint) {
	}

	// A record as the record pages read it (PortalMyRecord, PortalPerson): every section, each entry's provenance.

	/** {@code Person} with every section; a section withheld from the reader (or empty) is null. */
	record PersonRecord(String id, String phrNumber, String homeJurisdiction, Identity identity,
			List<Allergy> allergies, List<Medication> medications, List<Condition> conditions,
			List<Vaccination> vaccinations, List<InfectiousDiseaseScreening> infectiousDiseases,
			List<MentalHealthAssessment> mentalHealth, List<ReproductiveHealthEntry> reproductiveHealth,
			BloodGroup bloodGroup, List<VitalSign> vitals, List<LabResult> labResults, List<Encounter> encounters,
			String completenessNotice) {
	}

	/** An entry of any section: who recorded it, when and from where. */
	interface Entry {

		Provenance recorded();
	}

	/** {@code Provenance}. */
	record Provenance(String at, String by, String country, String source) {
	}

	/** {@code Contact}. */
	record Contact(String phone, String email, String address) {
	}

	record Identity(String id, String givenNames, String familyName, String dateOfBirth, Boolean dateOfBirthEstimated,
			String sex, String nationality, List<String> languages, Contact contact, Provenance recorded,
			Integer yearOfBirth, Boolean coarse) implements Entry {
	}

	record Allergy(String id, String substance, String reaction, String severity, String status, String notedOn,
			Provenance recorded) implements Entry {
	}

	record Medication(String id, String name, String dose, String route, String frequency, String reason,
			String startedOn, String endedOn, String status, Provenance recorded) implements Entry {
	}

	record Condition(String id, String description, String icd10Code, String kind, String status, String onsetDate,
			String resolvedOn, Provenance recorded) implements Entry {
	}

	record Vaccination(String id, String vaccine, Integer doseNumber, String date, String country, String lotNumber,
			Provenance recorded) implements Entry {
	}

	record InfectiousDiseaseScreening(String id, String disease, String method, String result, String date,
			String notes, Provenance recorded) implements Entry {
	}

	record MentalHealthAssessment(String id, String instrument, Integer score, String summary, Boolean followUpNeeded,
			String date, Provenance recorded) implements Entry {
	}

	record ReproductiveHealthEntry(String id, String kind, String description, String date,
			String expectedDeliveryDate, Provenance recorded) implements Entry {
	}

	record BloodGroup(String id, String group, String determinedOn, Provenance recorded) implements Entry {
	}

	record VitalSign(String id, String kind, String value, String unit, String measuredOn, String note,
			Provenance recorded) implements Entry {
	}

	record LabResult(String id, String test, String value, String unit, String referenceRange, String interpretation,
			String collectedOn, Provenance recorded) implements Entry {
	}

	record Encounter(String id, String date, String place, String country, String reason, String summary,
			List<Referral> referrals, Provenance recorded) implements Entry {
	}

	/** {@code Referral}. */
	record Referral(String to, String reason, String urgency) {
	}
}
