package org.carnet.fhir;

import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import org.carnet.fhir.SearchAnswers.Event;

/**
 * One access event of Carnet's ledger as a FHIR R4 AuditEvent after the IHE Basic Audit Log Patterns: type DICOM
 * 110110 (Patient Record), the RESTful interaction it amounts to as subtype (read, search-type, create, update,
 * delete) beside Carnet's own action, the requester as the requesting agent (user name as identifier), the patient as
 * entity, the purpose of use as v3 ActReason. Carnet's own facts (cross-border, categories served and withheld, the
 * channel, acting-for...) are details of the patient entity; never a health value, as in the ledger.
 */
final class AuditEventMapping {

	static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

	static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";

	/** Carnet's access actions (READ, WRITE, CONSENT_GRANTED...), by their API names. */
	static final String ACCESS_ACTION = "urn:carnet:fhir:access-action";

	/** Carnet's roles (MIGRANT, CLINICIAN...), by their API names. */
	static final String ROLE = "urn:carnet:fhir:role";

	/** The OAuth2 client a request came through. */
	static final String CLIENT = "urn:carnet:client";

	static final String AUDIT_ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";

	static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

	static final String SECURITY_SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";

	static final String SECURITY_ROLE_TYPE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";

	private AuditEventMapping() {
	}

	static AuditEvent auditEvent(Event event) {
		AuditEvent audit = new AuditEvent();
		audit.setId(Long.toString(event.sequence()));
		audit.setType(new Coding(DCM, "110110", "Patient Record"));
		AuditEventAction action = action(event.action());
		String interaction = interaction(event.action(), action);
		if (interaction != null) {
			audit.addSubtype(new Coding(RESTFUL_INTERACTION, interaction, interaction));
		}
		audit.addSubtype(new Coding(ACCESS_ACTION, event.action(), ConsentMapping.label(event.action())));
		audit.setAction(action);
		audit.setRecorded(Date.from(event.time().toInstant()));
		audit.setOutcome(switch (event.outcome()) {
			case "SUCCESS", "PARTIAL" -> AuditEventOutcome._0;
			case "DENIED" -> AuditEventOutcome._4;
			default -> AuditEventOutcome._8;
		});
		audit.setOutcomeDesc(outcomeDescription(event));
		if (event.purpose() != null) {
			audit.addPurposeOfEvent(new CodeableConcept(ConsentMapping.purpose(event.purpose())));
		}

		AuditEventAgentComponent user = audit.addAgent();
		user.setType(RecordMapping.concept(SECURITY_ROLE_TYPE, "humanuser", "human user"));
		for (String role : event.requester().roles()) {
			user.addRole(RecordMapping.concept(ROLE, role, ConsentMapping.label(role)));
		}
		if (event.requester().subject() != null) {
			user.setWho(ConsentMapping.user(event.requester().subject()).setDisplay(event.requester().displayName()));
		}
		user.setRequestor(true);
		for (String grant : event.grantIds()) {
			user.addPolicy("urn:uuid:" + grant);
		}
		if (event.purpose() != null) {
			user.addPurposeOfUse(new CodeableConcept(ConsentMapping.purpose(event.purpose())));
		}
		if (event.clientId() != null) {
			AuditEventAgentComponent client = audit.addAgent();
			client.setType(RecordMapping.concept(DCM, "110150", "Application"));
			client.setWho(new Reference().setType("Device")
				.setIdentifier(new Identifier().setSystem(CLIENT).setValue(event.clientId())));
			client.setRequestor(false);
		}

		audit.getSource()
			.setSite("Carnet")
			.setObserver(new Reference().setDisplay("Carnet"))
			.addType(new Coding(SECURITY_SOURCE_TYPE, "4", "Application Server"));

		AuditEventEntityComponent patient = audit.addEntity();
		patient.setWhat(new Reference("Patient/" + event.personId()));
		patient.setType(new Coding(AUDIT_ENTITY_TYPE, "1", "Person"));
		patient.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
		detail(patient, "crossBorder", Boolean.toString(event.crossBorder()));
		detail(patient, "emergency", Boolean.toString(event.emergency()));
		detail(patient, "homeJurisdiction", event.homeJurisdiction());
		detail(patient, "requesterJurisdiction", event.requester().jurisdiction());
		if (event.requester().organisation() != null) {
			detail(patient, "requesterOrganisation", event.requester().organisation().id());
		}
		detail(patient, "categoriesServed", joined(event.categoriesServed()));
		detail(patient, "categoriesWithheld", joined(event.categoriesWithheld()));
		detail(patient, "channel", event.operationName());
		detail(patient, "actingFor", event.actingFor());
		detail(patient, "target", event.target());
		detail(patient, "reason", event.reason());
		detail(patient, "count", event.count() == null ? null : event.count().toString());
		detail(patient, "requestId", event.requestId());
		return audit;
	}

	/** A detail with a value; absent facts are left out, an empty list is written as such (nothing served). */
	private static void detail(AuditEventEntityComponent entity, String type, String value) {
		if (value != null) {
			entity.addDetail().setType(type).setValue(new org.hl7.fhir.r4.model.StringType(value));
		}
	}

	private static String joined(List<String> categories) {
		return categories.isEmpty() ? "none" : String.join(",", categories);
	}

	private static String outcomeDescription(Event event) {
		return switch (event.outcome()) {
			case "SUCCESS" -> "Success";
			case "PARTIAL" -> "Partly served: " + joined(event.categoriesWithheld()) + " withheld";
			case "DENIED" -> event.reason() == null ? "Denied" : "Denied: " + event.reason();
			default -> "Failed; nothing was served";
		};
	}

	/** What the access did to the record, as the BALP action codes say it. */
	static AuditEventAction action(String action) {
		return switch (action) {
			case "READ", "LOOKUP_MISSED", "LOOKUP_REFUSED" -> AuditEventAction.R;
			case "WRITE", "REGISTER", "CONSENT_GRANTED", "CONSENT_REQUESTED", "SHARE_CODE_CREATED",
					"SHARE_CODE_REDEEMED", "ERASURE_REQUESTED", "ERASURE_PROPOSED", "REPRESENTATION_GRANTED" ->
				AuditEventAction.C;
			case "CONSENT_REVOKED", "CONSENT_ANSWERED", "BREAK_GLASS_OPTED_OUT", "BREAK_GLASS_OPTED_IN",
					"NOTIFICATION_PREFERENCE_CHANGED", "REPRESENTATION_REVOKED", "REPRESENTATION_ENDED",
					"KEY_ROTATION" ->
				AuditEventAction.U;
			case "ERASURE" -> AuditEventAction.D;
			default -> AuditEventAction.E;
		};
	}

	/** The RESTful interaction an action amounts to; none for executions (break-glass, refusals...). */
	private static String interaction(String carnetAction, AuditEventAction action) {
		if (carnetAction.startsWith("LOOKUP_")) {
			return "search-type";
		}
		return switch (action) {
			case R -> "read";
			case C -> "create";
			case U -> "update";
			case D -> "delete";
			default -> null;
		};
	}
}
