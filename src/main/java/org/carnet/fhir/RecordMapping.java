package org.carnet.fhir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceCriticality;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceSeverity;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Immunization.ImmunizationStatus;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Narrative.NarrativeStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.StringType;

import org.carnet.fhir.SummaryAnswer.PersonRecord;
import org.carnet.fhir.SummaryAnswer.Recorded;

/**
 * Carnet's record to FHIR R4 resources, every section in this one place (the README's "FHIR" table says the same
 * field by field). Codes are added only where Carnet holds a code (ICD-10, country, its own enumerations with an exact
 * FHIR or LOINC counterpart); whatever Carnet holds as free text stays {@code CodeableConcept.text}, without an
 * invented coding. Resource ids are stable: an entry's own id (a UUID), or a name-based UUID derived from it for a
 * resource an entry gives beside its main one, so the same entry is the same resource in every summary.
 */
final class RecordMapping {

	static final String ICD_10 = "http://hl7.org/fhir/sid/icd-10";

	static final String LOINC = IpsSection.LOINC;

	static final String ISO_3166 = "urn:iso:std:iso:3166";

	static final String PHR_NUMBER = "urn:carnet:phr-number";

	static final String BIRTH_DATE_ESTIMATED = "urn:carnet:fhir:birth-date-estimated";

	static final String NATIONALITY = "http://hl7.org/fhir/StructureDefinition/patient-nationality";

	static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

	static final String NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";

	static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

	private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

	private static final Pattern BLOOD_PRESSURE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d+(?:\\.\\d+)?)");

	private final PersonRecord person;

	private final Reference patient;

	private final Map<IpsSection, List<Resource>> sections = new EnumMap<>(IpsSection.class);

	private final Map<String, Resource> supporting = new LinkedHashMap<>();

	private final List<Provenance> provenances = new ArrayList<>();

	private Patient patientResource;

	private RecordMapping(PersonRecord person) {
		this.person = person;
		this.patient = reference(stableId(person.id()));
	}

	/** The record's resources: the patient, each section's entries, and what they refer to. */
	record Mapped(Patient patient, Map<IpsSection, List<Resource>> sections, List<Resource> supporting,
			List<Provenance> provenances) {
	}

	static Mapped map(PersonRecord person) {
		RecordMapping mapping = new RecordMapping(person);
		mapping.mapAll();
		return new Mapped(mapping.patientResource, mapping.sections, List.copyOf(mapping.supporting.values()),
				List.copyOf(mapping.provenances));
	}

	private void mapAll() {
		patientResource = patient();
		each(person.allergies(), this::allergy);
		each(person.medications(), this::medication);
		each(person.conditions(), this::condition);
		each(person.vaccinations(), this::vaccination);
		each(person.labResults(), this::labResult);
		if (person.bloodGroup() != null) {
			bloodGroup(person.bloodGroup());
		}
		each(person.infectiousDiseases(), this::screening);
		each(person.mentalHealth(), this::mentalHealth);
		each(person.vitals(), this::vital);
		each(person.reproductiveHealth(), this::reproductive);
		each(person.encounters(), this::encounter);
	}

	private static <T> void each(List<T> entries, Consumer<T> mapping) {
		if (entries != null) {
			entries.forEach(mapping);
		}
	}

	// identity -> Patient

	private Patient patient() {
		Patient resource = new Patient();
		resource.setId(stableId(person.id()));
		resource.addIdentifier().setSystem(PHR_NUMBER).setValue(person.phrNumber());
		SummaryAnswer.Identity identity = person.identity();
		if (identity == null) {
			return resource;
		}
		// the coarse view (year of birth, sex, nationality) carries no name, and its birth date has year precision
		if (identity.givenNames() != null) {
			HumanName name = resource.addName().addGiven(identity.givenNames());
			name.setFamily(identity.familyName());
			name.setText(identity.familyName() == null ? identity.givenNames()
					: identity.givenNames() + " " + identity.familyName());
		}
		if (identity.dateOfBirth() == null && identity.yearOfBirth() != null) {
			resource.setBirthDateElement(new DateType(String.format(Locale.ROOT, "%04d",
					identity.yearOfBirth())));
		}
		if (identity.dateOfBirth() != null) {
			resource.setBirthDateElement(new DateType(identity.dateOfBirth().toString()));
			if (Boolean.TRUE.equals(identity.dateOfBirthEstimated())) {
				resource.getBirthDateElement().addExtension(BIRTH_DATE_ESTIMATED, new BooleanType(true));
			}
		}
		if (identity.sex() != null) {
			resource.setGender(switch (identity.sex()) {
				case "FEMALE" -> AdministrativeGender.FEMALE;
				case "MALE" -> AdministrativeGender.MALE;
				case "OTHER" -> AdministrativeGender.OTHER;
				default -> AdministrativeGender.UNKNOWN;
			});
		}
		if (identity.nationality() != null) {
			Extension nationality = resource.addExtension().setUrl(NATIONALITY);
			nationality.addExtension("code", new CodeableConcept(new Coding(ISO_3166, identity.nationality(), null)));
		}
		if (identity.languages() != null) {
			for (int i = 0; i < identity.languages().size(); i++) {
				// most comfortable first: the first is the preferred one; the language is free text in Carnet
				resource.addCommunication().setLanguage(text(identity.languages().get(i))).setPreferred(i == 0);
			}
		}
		SummaryAnswer.Contact contact = identity.contact();
		if (contact != null) {
			if (contact.phone() != null) {
				resource.addTelecom().setSystem(ContactPointSystem.PHONE).setValue(contact.phone());
			}
			if (contact.email() != null) {
				resource.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue(contact.email());
			}
			if (contact.address() != null) {
				resource.addAddress().setText(contact.address());
			}
		}
		provenance(identity.id(), identity.recorded(), resource);
		return resource;
	}

	// allergies -> AllergyIntolerance

	private void allergy(SummaryAnswer.Allergy allergy) {
		AllergyIntolerance resource = new AllergyIntolerance();
		resource.setId(stableId(allergy.id()));
		resource.setPatient(patient.copy());
		resource.setCode(text(allergy.substance()));
		// FHIR requires a clinical status (ait-1); an allergy recorded without one is taken as active
		String status = allergy.status() == null ? "ACTIVE" : allergy.status();
		resource.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
				status.toLowerCase(), null));
		if (allergy.severity() != null) {
			resource.setCriticality(switch (allergy.severity()) {
				case "SEVERE", "LIFE_THREATENING" -> AllergyIntoleranceCriticality.HIGH;
				default -> AllergyIntoleranceCriticality.LOW;
			});
		}
		if (allergy.reaction() != null) {
			AllergyIntolerance.AllergyIntoleranceReactionComponent reaction = resource.addReaction()
				.addManifestation(text(allergy.reaction()));
			if (allergy.severity() != null) {
				reaction.setSeverity(switch (allergy.severity()) {
					case "MILD" -> AllergyIntoleranceSeverity.MILD;
					case "MODERATE" -> AllergyIntoleranceSeverity.MODERATE;
					default -> AllergyIntoleranceSeverity.SEVERE;
				});
			}
		}
		if (allergy.notedOn() != null) {
			resource.setRecordedDateElement(day(allergy.notedOn()));
		}
		section(IpsSection.ALLERGIES, resource);
		provenance(allergy.id(), allergy.recorded(), resource);
	}

	// medications -> MedicationStatement

	private void medication(SummaryAnswer.Medication medication) {
		MedicationStatement resource = new MedicationStatement();
		resource.setId(stableId(medication.id()));
		resource.setStatus(medication.status() == null ? MedicationStatementStatus.UNKNOWN
				: switch (medication.status()) {
					case "ACTIVE" -> MedicationStatementStatus.ACTIVE;
					case "STOPPED" -> MedicationStatementStatus.STOPPED;
					default -> MedicationStatementStatus.COMPLETED;
				});
		resource.setMedication(text(medication.name()));
		resource.setSubject(patient.copy());
		if (medication.startedOn() != null || medication.endedOn() != null) {
			Period period = new Period();
			if (medication.startedOn() != null) {
				period.setStartElement(day(medication.startedOn()));
			}
			if (medication.endedOn() != null) {
				period.setEndElement(day(medication.endedOn()));
			}
			resource.setEffective(period);
		}
		if (medication.reason() != null) {
			resource.addReasonCode(text(medication.reason()));
		}
		if (medication.dose() != null || medication.route() != null || medication.frequency() != null) {
			Dosage dosage = resource.addDosage();
			dosage.setText(medication.dose());
			if (medication.route() != null) {
				dosage.setRoute(text(medication.route()));
			}
			if (medication.frequency() != null) {
				dosage.getTiming().setCode(text(medication.frequency()));
			}
		}
		section(IpsSection.MEDICATIONS, resource);
		provenance(medication.id(), medication.recorded(), resource);
	}

	// conditions -> Condition

	private void condition(SummaryAnswer.Condition condition) {
		Condition resource = new Condition();
		resource.setId(stableId(condition.id()));
		resource.setSubject(patient.copy());
		CodeableConcept code = text(condition.description());
		if (condition.icd10Code() != null) {
			code.addCoding(new Coding(ICD_10, condition.icd10Code(), null));
		}
		resource.setCode(code);
		if (condition.kind() != null) {
			resource.addCategory(text(switch (condition.kind()) {
				case "CHRONIC" -> "Chronic condition";
				case "PAST" -> "Past condition";
				case "SURGERY" -> "Surgery";
				default -> "Diagnosis";
			}));
		}
		String status = condition.status();
		if (status == null && condition.resolvedOn() != null) {
			// a resolution date says it is resolved (and FHIR allows abatement only then: con-4)
			status = "RESOLVED";
		}
		if (status != null) {
			resource.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical",
					status.toLowerCase(), null));
		}
		if (condition.onsetDate() != null) {
			resource.setOnset(day(condition.onsetDate()));
		}
		if (condition.resolvedOn() != null) {
			if ("ACTIVE".equals(status)) {
				resource.addNote().setText("Recorded as resolved on " + condition.resolvedOn() + " while active");
			}
			else {
				resource.setAbatement(day(condition.resolvedOn()));
			}
		}
		boolean past = "PAST".equals(condition.kind()) || "SURGERY".equals(condition.kind())
				|| "RESOLVED".equals(status);
		section(past ? IpsSection.PAST_PROBLEMS : IpsSection.PROBLEMS, resource);
		provenance(condition.id(), condition.recorded(), resource);
	}

	// vaccinations -> Immunization

	private void vaccination(SummaryAnswer.Vaccination vaccination) {
		Immunization resource = new Immunization();
		resource.setId(stableId(vaccination.id()));
		resource.setStatus(ImmunizationStatus.COMPLETED);
		resource.setVaccineCode(text(vaccination.vaccine()));
		resource.setPatient(patient.copy());
		resource.setOccurrence(day(vaccination.date()));
		resource.setLotNumber(vaccination.lotNumber());
		if (vaccination.country() != null) {
			resource.setLocation(country(vaccination.country()));
		}
		if (vaccination.doseNumber() != null && vaccination.doseNumber() > 0) {
			resource.addProtocolApplied().setDoseNumber(new PositiveIntType(vaccination.doseNumber()));
		}
		section(IpsSection.IMMUNIZATIONS, resource);
		provenance(vaccination.id(), vaccination.recorded(), resource);
	}

	// lab results, blood group, infectious-disease and mental-health screenings -> Observation (Results)

	private void labResult(SummaryAnswer.LabResult result) {
		Observation resource = observation(result.id(), "laboratory", text(result.test()), result.collectedOn());
		resource.setValue(value(result.value(), result.unit()));
		if (result.referenceRange() != null) {
			resource.addReferenceRange().setText(result.referenceRange());
		}
		if (result.interpretation() != null) {
			resource.addInterpretation(switch (result.interpretation()) {
				case "NORMAL" -> concept(INTERPRETATION, "N", "Normal");
				case "ABNORMAL" -> concept(INTERPRETATION, "A", "Abnormal");
				default -> concept(INTERPRETATION, "AA", "Critical abnormal");
			});
		}
		section(IpsSection.RESULTS, resource);
		provenance(result.id(), result.recorded(), resource);
	}

	private void bloodGroup(SummaryAnswer.BloodGroup group) {
		Observation resource = observation(group.id(), "laboratory",
				loinc("882-1", "ABO and Rh group [Type] in Blood", "Blood group"), group.determinedOn());
		String[] parts = group.group().split("_");
		String abo = parts[0];
		resource.setValue(text(abo + " Rh(D) " + parts[1].toLowerCase()));
		section(IpsSection.RESULTS, resource);
		provenance(group.id(), group.recorded(), resource);
	}

	private void screening(SummaryAnswer.Screening screening) {
		Observation resource = observation(screening.id(), "laboratory",
				text(label(screening.disease()) + " screening"), screening.date());
		if (screening.method() != null) {
			resource.setMethod(text(screening.method()));
		}
		switch (screening.result()) {
			case "PENDING" -> resource.setStatus(ObservationStatus.REGISTERED);
			case "NEGATIVE" -> {
				resource.setValue(text("Negative"));
				resource.addInterpretation(concept(INTERPRETATION, "NEG", "Negative"));
			}
			case "POSITIVE" -> {
				resource.setValue(text("Positive"));
				resource.addInterpretation(concept(INTERPRETATION, "POS", "Positive"));
			}
			default -> {
				resource.setValue(text("Indeterminate"));
				resource.addInterpretation(concept(INTERPRETATION, "IND", "Indeterminate"));
			}
		}
		if (screening.notes() != null) {
			resource.addNote().setText(screening.notes());
		}
		section(IpsSection.RESULTS, resource);
		provenance(screening.id(), screening.recorded(), resource);
	}

	private void mentalHealth(SummaryAnswer.MentalHealth assessment) {
		Observation resource = observation(assessment.id(), "survey", text(assessment.instrument()),
				assessment.date());
		if (assessment.score() != null) {
			resource.setValue(new IntegerType(assessment.score()));
		}
		if (assessment.followUpNeeded() != null) {
			resource.addComponent()
				.setCode(text("Follow-up needed"))
				.setValue(new BooleanType(assessment.followUpNeeded()));
		}
		if (assessment.summary() != null) {
			resource.addNote().setText(assessment.summary());
		}
		section(IpsSection.RESULTS, resource);
		provenance(assessment.id(), assessment.recorded(), resource);
	}

	// vitals -> Observation (vital-signs; a physical examination finding: exam)

	private void vital(SummaryAnswer.Vital vital) {
		CodeableConcept code = switch (vital.kind()) {
			case "BLOOD_PRESSURE" -> loinc("85354-9", "Blood pressure panel with all children optional",
					"Blood pressure");
			case "HEART_RATE" -> loinc("8867-4", "Heart rate", "Heart rate");
			case "RESPIRATORY_RATE" -> loinc("9279-1", "Respiratory rate", "Respiratory rate");
			case "TEMPERATURE" -> loinc("8310-5", "Body temperature", "Body temperature");
			case "OXYGEN_SATURATION" -> loinc("2708-6", "Oxygen saturation in Arterial blood", "Oxygen saturation");
			case "WEIGHT" -> loinc("29463-7", "Body weight", "Body weight");
			case "HEIGHT" -> loinc("8302-2", "Body height", "Body height");
			case "BMI" -> loinc("39156-5", "Body mass index (BMI) [Ratio]", "Body mass index");
			default -> text("Physical examination");
		};
		boolean examination = "PHYSICAL_EXAMINATION".equals(vital.kind());
		Observation resource = observation(vital.id(), examination ? "exam" : "vital-signs", code,
				vital.measuredOn());
		Matcher pressure = BLOOD_PRESSURE.matcher(vital.value().strip());
		if ("BLOOD_PRESSURE".equals(vital.kind()) && pressure.matches()) {
			resource.addComponent()
				.setCode(loinc("8480-6", "Systolic blood pressure", "Systolic blood pressure"))
				.setValue(quantity(pressure.group(1), vital.unit()));
			resource.addComponent()
				.setCode(loinc("8462-4", "Diastolic blood pressure", "Diastolic blood pressure"))
				.setValue(quantity(pressure.group(2), vital.unit()));
		}
		else {
			resource.setValue(value(vital.value(), vital.unit()));
		}
		if (vital.note() != null) {
			resource.addNote().setText(vital.note());
		}
		section(IpsSection.VITAL_SIGNS, resource);
		provenance(vital.id(), vital.recorded(), resource);
	}

	// reproductive health -> Observation (the IPS pregnancy section)

	private void reproductive(SummaryAnswer.Reproductive entry) {
		CodeableConcept code = switch (entry.kind()) {
			case "PREGNANCY" -> loinc("82810-3", "Pregnancy status", "Pregnancy status");
			case "CONTRACEPTION" -> text("Contraception");
			case "OBSTETRIC_HISTORY" -> text("Obstetric history");
			case "MENSTRUAL_HEALTH" -> text("Menstrual health");
			default -> text("Reproductive health");
		};
		Observation resource = observation(entry.id(), null, code, entry.date());
		resource.setValue(new StringType(entry.description()));
		section(IpsSection.PREGNANCY, resource);
		List<Resource> targets = new ArrayList<>(List.of(resource));
		if (entry.expectedDeliveryDate() != null) {
			Observation delivery = observation(derivedId(entry.id(), "expected-delivery"), null,
					loinc("11778-8", "Delivery date Estimated", "Expected delivery date"), entry.date());
			delivery.setValue(day(entry.expectedDeliveryDate()));
			resource.addHasMember(reference(delivery.getIdPart()));
			section(IpsSection.PREGNANCY, delivery);
			targets.add(delivery);
		}
		provenance(entry.id(), entry.recorded(), targets.toArray(Resource[]::new));
	}

	// encounters -> Encounter (its referrals -> ServiceRequest, plan of care)

	private void encounter(SummaryAnswer.Encounter encounter) {
		Encounter resource = new Encounter();
		resource.setId(stableId(encounter.id()));
		resource.setStatus(EncounterStatus.FINISHED);
		// FHIR requires a class; Carnet does not record one
		resource.setClass_(new Coding(NULL_FLAVOR, "UNK", "unknown"));
		resource.setSubject(patient.copy());
		resource.getPeriod().setStartElement(day(encounter.date()));
		resource.addReasonCode(text(encounter.reason()));
		Location place = new Location();
		place.setId(derivedId(encounter.id(), "place"));
		place.setName(encounter.place());
		place.getAddress().setCountry(encounter.country());
		supporting.put(place.getIdPart(), place);
		resource.addLocation().setLocation(reference(place.getIdPart()));
		if (encounter.summary() != null) {
			resource.setText(narrative(NarrativeStatus.ADDITIONAL, encounter.summary()));
		}
		section(IpsSection.ENCOUNTERS, resource);
		List<Resource> targets = new ArrayList<>(List.of(resource, place));
		List<SummaryAnswer.Referral> referrals = encounter.referrals() == null ? List.of() : encounter.referrals();
		for (int i = 0; i < referrals.size(); i++) {
			SummaryAnswer.Referral referral = referrals.get(i);
			ServiceRequest request = new ServiceRequest();
			request.setId(derivedId(encounter.id(), "referral-" + i));
			request.setStatus(ServiceRequestStatus.UNKNOWN);
			request.setIntent(ServiceRequestIntent.ORDER);
			request.setCode(text("Referral"));
			request.setSubject(patient.copy());
			request.setEncounter(reference(resource.getIdPart()));
			request.setAuthoredOnElement(day(encounter.date()));
			request.addPerformer().setDisplay(referral.to());
			if (referral.reason() != null) {
				request.addReasonCode(text(referral.reason()));
			}
			if (referral.urgency() != null) {
				request.setPriority(switch (referral.urgency()) {
					case "URGENT" -> ServiceRequestPriority.URGENT;
					case "EMERGENCY" -> ServiceRequestPriority.STAT;
					default -> ServiceRequestPriority.ROUTINE;
				});
			}
			section(IpsSection.PLAN_OF_CARE, request);
			targets.add(request);
		}
		provenance(encounter.id(), encounter.recorded(), targets.toArray(Resource[]::new));
	}

	// entry provenance (who, when, country, source) -> Provenance

	private void provenance(String entryId, Recorded recorded, Resource... targets) {
		if (recorded == null) {
			return;
		}
		Provenance provenance = new Provenance();
		provenance.setId(derivedId(entryId, "provenance"));
		for (Resource target : targets) {
			provenance.addTarget(reference(target.getIdPart()));
		}
		InstantType at = new InstantType(Date.from(recorded.at().toInstant()));
		at.setTimeZoneZulu(true);
		provenance.setRecordedElement(at);
		provenance.addAgent()
			.setType(concept(PARTICIPANT_TYPE, "author", "Author"))
			.setWho(new Reference().setDisplay(recorded.by()));
		if ("SELF_REPORTED".equals(recorded.source())) {
			provenance.addAgent().setType(concept(PARTICIPANT_TYPE, "informant", "Informant")).setWho(patient.copy());
		}
		else if ("IMPORTED".equals(recorded.source())) {
			provenance.addEntity()
				.setRole(Provenance.ProvenanceEntityRole.SOURCE)
				.setWhat(new Reference().setDisplay("Imported record"));
		}
		if (recorded.country() != null) {
			provenance.setLocation(country(recorded.country()));
		}
		provenances.add(provenance);
	}

	// building blocks

	private Observation observation(String entryId, String category, CodeableConcept code, LocalDate effective) {
		Observation resource = new Observation();
		resource.setId(stableId(entryId));
		resource.setStatus(ObservationStatus.FINAL);
		if (category != null) {
			resource.addCategory(concept(OBSERVATION_CATEGORY, category, null));
		}
		resource.setCode(code);
		resource.setSubject(patient.copy());
		if (effective != null) {
			resource.setEffective(day(effective));
		}
		return resource;
	}

	/** A country as a Location (one per country in the document), referred to by immunizations and provenance. */
	private Reference country(String code) {
		String id = UUID.nameUUIDFromBytes(("country:" + code).getBytes(StandardCharsets.UTF_8)).toString();
		supporting.computeIfAbsent(id, key -> {
			Location location = new Location();
			location.setId(key);
			location.setName(code);
			location.getAddress().setCountry(code);
			return location;
		});
		return reference(id);
	}

	private void section(IpsSection section, Resource resource) {
		sections.computeIfAbsent(section, key -> new ArrayList<>()).add(resource);
	}

	/** A measured value: a quantity when it is a number (the unit as Carnet holds it, free text), else text. */
	private static org.hl7.fhir.r4.model.Type value(String value, String unit) {
		String stripped = value.strip();
		if (NUMBER.matcher(stripped).matches()) {
			return quantity(stripped, unit);
		}
		return new StringType(unit == null ? value : value + " " + unit);
	}

	private static Quantity quantity(String number, String unit) {
		Quantity quantity = new Quantity().setValue(new BigDecimal(number));
		quantity.setUnit(unit);
		return quantity;
	}

	static Narrative narrative(NarrativeStatus status, String text) {
		Narrative narrative = new Narrative();
		narrative.setStatus(status);
		narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + escape(text) + "</p></div>");
		return narrative;
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	static String label(String constant) {
		String words = constant.replace('_', ' ').toLowerCase();
		return switch (constant) {
			case "HIV" -> "HIV";
			case "COVID_19" -> "COVID-19";
			case "HEPATITIS_B" -> "Hepatitis B";
			case "HEPATITIS_C" -> "Hepatitis C";
			case "OTHER" -> "Infectious disease";
			default -> Character.toUpperCase(words.charAt(0)) + words.substring(1);
		};
	}

	private static DateTimeType day(LocalDate date) {
		return new DateTimeType(date.toString());
	}

	static CodeableConcept text(String text) {
		return new CodeableConcept().setText(text);
	}

	static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept(new Coding(system, code, display));
	}

	private static CodeableConcept loinc(String code, String display, String text) {
		return new CodeableConcept(new Coding(LOINC, code, display)).setText(text);
	}

	static Reference reference(String id) {
		return new Reference("urn:uuid:" + id);
	}

	/** The id of an entry's main resource: the entry's own UUID. */
	static String stableId(String entryId) {
		try {
			return UUID.fromString(entryId).toString();
		}
		catch (IllegalArgumentException notUuid) {
			return UUID.nameUUIDFromBytes(entryId.getBytes(StandardCharsets.UTF_8)).toString();
		}
	}

	/** The id of a further resource an entry gives (its provenance, a referral...): derived from the entry's id. */
	static String derivedId(String entryId, String what) {
		return UUID.nameUUIDFromBytes((what + ":" + entryId).getBytes(StandardCharsets.UTF_8)).toString();
	}
}
