package org.carnet.testing;

/**
 * The GraphQL documents the load harness's scenarios (src/bench) and the limits tests send: every field of the record,
 * as a clinic system would show it.
 */
public final class Documents {

	public static final String RECORD_FRAGMENTS = """
			fragment Provenance on Provenance { at by country source }
			fragment Record on Person {
			  id phrNumber homeJurisdiction
			  identity { id givenNames familyName dateOfBirth dateOfBirthEstimated sex nationality languages
			    contact { phone email address } recorded { ...Provenance } supersedes }
			  allergies { id substance reaction severity status notedOn recorded { ...Provenance } supersedes }
			  medications { id name dose route frequency reason startedOn endedOn status recorded { ...Provenance }
			    supersedes }
			  conditions { id description icd10Code kind status onsetDate resolvedOn recorded { ...Provenance }
			    supersedes }
			  vaccinations { id vaccine doseNumber date country lotNumber recorded { ...Provenance } supersedes }
			  infectiousDiseases { id disease method result date notes recorded { ...Provenance } supersedes }
			  mentalHealth { id instrument score summary followUpNeeded date recorded { ...Provenance } supersedes }
			  reproductiveHealth { id kind description date expectedDeliveryDate recorded { ...Provenance } supersedes }
			  vitals { id kind value unit measuredOn note recorded { ...Provenance } supersedes }
			  bloodGroup { id group determinedOn recorded { ...Provenance } supersedes }
			  labResults { id test value unit referenceRange interpretation collectedOn recorded { ...Provenance }
			    supersedes }
			  encounters { id date place country reason summary referrals { to reason urgency }
			    recorded { ...Provenance } supersedes }
			}
			""";

	/** The fields of the record per category: bloodGroup is a second VITALS field. */
	public static final int RECORD_FIELDS = 12;

	public static final String PERSON = """
			query PersonRecord($id: ID!, $purpose: Purpose!) {
			  person(id: $id, purpose: $purpose) { ...Record }
			}
			""" + RECORD_FRAGMENTS;

	public static final String MY_RECORD = """
			query MyRecord { myRecord { ...Record } }
			""" + RECORD_FRAGMENTS;

	public static final String PERSONS = """
			query PersonList($ids: [ID!]!, $purpose: Purpose!) {
			  persons(ids: $ids, purpose: $purpose) { ...Record }
			}
			""" + RECORD_FRAGMENTS;

	public static final String ME = "query Me { me { subject } }";

	public static final String GRANT = """
			mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { id status } }""";

	public static final String REVOKE = """
			mutation Revoke($id: ID!) { revokeConsent(id: $id, reason: "benchmark cycle") { id status } }""";

	public static final String BREAK_GLASS = """
			mutation BreakGlass($personId: ID!, $justification: String!) {
			  breakGlass(personId: $personId, justification: $justification) { id }
			}""";

	private Documents() {
	}

	/** The list of {@code size} persons as one document of aliased {@code person} fields (before a list query). */
	public static String aliasedPersons(int size) {
		StringBuilder document = new StringBuilder("query PersonList(");
		for (int i = 0; i < size; i++) {
			document.append(i == 0 ? "" : ", ").append("$id").append(i).append(": ID!");
		}
		document.append(") {\n");
		for (int i = 0; i < size; i++) {
			document.append("  p").append(i).append(": person(id: $id").append(i).append(", purpose: TREATMENT) { ...Record }\n");
		}
		return document.append("}\n").append(RECORD_FRAGMENTS).toString();
	}
}
