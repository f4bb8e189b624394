package org.carnet.fhir;

import java.util.Date;
import java.util.Locale;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.Consent.provisionActorComponent;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

import org.carnet.fhir.SearchAnswers.Grant;
import org.carnet.fhir.SearchAnswers.Grantee;

/**
 * A Carnet grant as a FHIR R4 Consent (scope patient-privacy, an opt-in permit): who may read (the provision's
 * actor, role IRCP), which categories ({@code provision.code}), for which purposes (v3 ActReason), from when to when,
 * and whether it still holds (active; inactive once revoked or expired).
 */
final class ConsentMapping {

	static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";

	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

	static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

	static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

	static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";

	/** Carnet's consent categories, the unit of consent, by their API names. */
	static final String CATEGORY = "urn:carnet:fhir:category";

	/** A user by user name (the subject of their access token). */
	static final String USER = "urn:carnet:user";

	static final String ORGANISATION = "urn:carnet:organisation";

	/** Any clinician acting from a country (ISO 3166-1 alpha-2). */
	static final String CLINICIANS_IN = "urn:carnet:clinicians-in";

	/** On a provision code: the category is given only as its coarse view. */
	static final String COARSE = "urn:carnet:fhir:coarse";

	/** On the provision: a country the grantee may act from. */
	static final String ACTING_FROM = "urn:carnet:fhir:acting-from";

	/** How the grant came about: PERSON, REGISTRATION, CONSENT_REQUEST or SHARE_CODE. */
	static final String ORIGIN = "urn:carnet:fhir:grant-origin";

	/** When the grant was revoked. */
	static final String REVOKED_AT = "urn:carnet:fhir:revoked-at";

	/** Carnet's own grant state: ACTIVE, NOT_YET_VALID, EXPIRED or REVOKED. */
	static final String GRANT_STATUS = "urn:carnet:fhir:grant-status";

	private ConsentMapping() {
	}

	static Consent consent(Grant grant) {
		Consent consent = new Consent();
		consent.setId(grant.id());
		consent.setStatus(switch (grant.status()) {
			case "REVOKED", "EXPIRED" -> ConsentState.INACTIVE;
			default -> ConsentState.ACTIVE;
		});
		consent.addExtension(GRANT_STATUS, new CodeType(grant.status()));
		consent.addExtension(ORIGIN, new CodeType(grant.origin()));
		if (grant.revokedAt() != null) {
			consent.addExtension(REVOKED_AT, new DateTimeType(Date.from(grant.revokedAt().toInstant())));
		}
		consent.setScope(RecordMapping.concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"));
		consent.addCategory(RecordMapping.concept(IpsSection.LOINC, "59284-0", "Patient Consent"));
		consent.setPatient(new Reference("Patient/" + grant.personId()));
		consent.setDateTime(Date.from(grant.grantedAt().toInstant()));
		consent.addPerformer(user(grant.grantedBy()));
		consent.setPolicyRule(RecordMapping.concept(ACT_CODE, "OPTIN", "opt-in"));

		ProvisionComponent provision = consent.getProvision();
		provision.setType(ConsentProvisionType.PERMIT);
		provision.setPeriod(new Period().setStart(Date.from(grant.validFrom().toInstant()))
			.setEnd(Date.from(grant.validUntil().toInstant())));
		provisionActorComponent actor = provision.addActor();
		actor.setRole(RecordMapping.concept(PARTICIPATION_TYPE, "IRCP", "information recipient"));
		actor.setReference(grantee(grant.grantee()));
		provision.addAction(RecordMapping.concept(CONSENT_ACTION, "access", "Access"));
		if ("READ_WRITE".equals(grant.access())) {
			provision.addAction(RecordMapping.concept(CONSENT_ACTION, "correct", "Access and Correct"));
		}
		for (String purpose : grant.purposes()) {
			provision.addPurpose(purpose(purpose));
		}
		for (String category : grant.categories()) {
			CodeableConcept code = new CodeableConcept(new Coding(CATEGORY, category, label(category)));
			if (grant.coarseCategories().contains(category)) {
				code.addExtension(COARSE, new BooleanType(true));
			}
			provision.addCode(code);
		}
		for (String country : grant.jurisdictions()) {
			provision.addExtension(ACTING_FROM, new Coding(RecordMapping.ISO_3166, country, null));
		}
		return consent;
	}

	/** A purpose of use as the v3 ActReason code FHIR security labels use. */
	static Coding purpose(String purpose) {
		return switch (purpose) {
			case "TREATMENT" -> new Coding(ACT_REASON, "TREAT", "treatment");
			case "EMERGENCY" -> new Coding(ACT_REASON, "ETREAT", "Emergency Treatment");
			case "CARE_COORDINATION" -> new Coding(ACT_REASON, "CAREMGT", "care management");
			case "PUBLIC_HEALTH" -> new Coding(ACT_REASON, "PUBHLTH", "public health");
			default -> throw new IllegalArgumentException("No ActReason for purpose " + purpose);
		};
	}

	/**
	 * A user by user name: an identifier, not a resource Carnet serves, and no resource type (a user may be a
	 * clinician, a mediator, the person themself or a relative acting for them).
	 */
	static Reference user(String subject) {
		return new Reference().setIdentifier(new Identifier().setSystem(USER).setValue(subject));
	}

	private static Reference grantee(Grantee grantee) {
		Reference reference = switch (grantee.kind()) {
			case "USER" -> user(grantee.value());
			case "ORGANISATION" -> new Reference().setType("Organization")
				.setIdentifier(new Identifier().setSystem(ORGANISATION).setValue(grantee.value()));
			default -> new Reference().setType("Group")
				.setIdentifier(new Identifier().setSystem(CLINICIANS_IN).setValue(grantee.value()));
		};
		String display = grantee.displayName();
		if (display != null && grantee.organisationName() != null) {
			display = display + " (" + grantee.organisationName() + ")";
		}
		if ("ANY_CLINICIAN_IN".equals(grantee.kind())) {
			display = "Any clinician acting from " + (display != null ? display : grantee.value());
		}
		return reference.setDisplay(display);
	}

	/** LAB_RESULTS as "Lab results". */
	static String label(String constant) {
		String words = constant.replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}
}
