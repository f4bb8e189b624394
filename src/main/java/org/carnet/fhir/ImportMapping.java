package org.carnet.fhir;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Immunization.ImmunizationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Narrative.NarrativeStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import org.carnet.record.content.Allergy;
import org.carnet.record.content.BloodGroupEntry;
import org.carnet.record.content.EntryContent;
import org.carnet.record.content.InfectiousDiseaseScreening;
import org.carnet.record.content.LabResult;
import org.carnet.record.content.MentalHealthAssessment;
import org.carnet.record.content.ReproductiveHealthEntry;
import org.carnet.record.content.Vaccination;
import org.carnet.record.content.VitalSign;

/**
 * FHIR R4 resources back to Carnet entries: the reverse of {@link RecordMapping}, every resource type in this one
 * place. Each entry of a Bundle gets exactly one {@link Mapped} saying what it becomes: an entry, a part of another
 * one (a referral of an encounter, the place of a visit), document context (the Composition, the Patient, Provenance),
 * or nothing, and why. Whatever a resource says that its entry cannot hold is listed in {@link Mapped#notKept()}:
 * nothing is dropped silently. Codes held as text stay text; a concept without text keeps its first coding's display
 * (or code).
 */
final class ImportMapping {

	/** What one Bundle entry becomes. */
	enum Kind {
		/** A new entry of the record. */
		ENTRY,
		/** Folded into another resource's entry. */
		PART,
		/** The document's context (Composition, Patient, Provenance...): not an entry. */
		CONTEXT,
		/** A resource type, or a kind of observation, that Carnet does not record. */
		UNSUPPORTED,
		/** A supported type lacking what its entry requires (or entered in error). */
		INCOMPLETE
	}

	/**
	 * One Bundle entry: its position, a label naming it ({@code Type/id}), what it becomes, the entry's content when
	 * it becomes one, why otherwise, and what it said that is not kept.
	 */
	record Mapped(int index, String label, Kind kind, EntryContent content, String reason, List<String> notKept) {
	}

	private static final Set<String> ALWAYS_IGNORED = Set.of("id", "meta", "implicitRules", "language", "text",
			"contained");

	private static final Pattern BLOOD_GROUP = Pattern
		.compile("(AB|A|B|O)\\s*(?:Rh\\s*\\(?D\\)?)?\\s*(positive|negative|pos|neg|\\+|-)", Pattern.CASE_INSENSITIVE);

	private static final Pattern RESOLVED_WHILE_ACTIVE = Pattern
		.compile("Recorded as resolved on (\\d{4}-\\d{2}-\\d{2}) while active");

	private static final Map<String, VitalSign.Kind> VITALS = Map.ofEntries(
			Map.entry("85354-9", VitalSign.Kind.BLOOD_PRESSURE), Map.entry("55284-4", VitalSign.Kind.BLOOD_PRESSURE),
			Map.entry("8867-4", VitalSign.Kind.HEART_RATE), Map.entry("9279-1", VitalSign.Kind.RESPIRATORY_RATE),
			Map.entry("8310-5", VitalSign.Kind.TEMPERATURE), Map.entry("2708-6", VitalSign.Kind.OXYGEN_SATURATION),
			Map.entry("59408-5", VitalSign.Kind.OXYGEN_SATURATION), Map.entry("29463-7", VitalSign.Kind.WEIGHT),
			Map.entry("8302-2", VitalSign.Kind.HEIGHT), Map.entry("39156-5", VitalSign.Kind.BMI));

	private static final String BLOOD_GROUP_CODE = "882-1";

	private static final String PREGNANCY_STATUS = "82810-3";

	private static final String EXPECTED_DELIVERY = "11778-8";

	private final Bundle bundle;

	private final Map<String, Resource> byReference = new HashMap<>();

	/** Resources another resource's entry takes in, and which: they are reported as its parts. */
	private final Map<Resource, String> parts = new IdentityHashMap<>();

	private ImportMapping(Bundle bundle) {
		this.bundle = bundle;
		for (BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (resource == null) {
				continue;
			}
			if (entry.hasFullUrl()) {
				byReference.put(entry.getFullUrl(), resource);
			}
			if (resource.hasIdElement() && resource.getIdElement().hasIdPart()) {
				byReference.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
			}
		}
	}

	/** Every entry of {@code bundle}, in order. */
	static List<Mapped> map(Bundle bundle) {
		return new ImportMapping(bundle).mapAll();
	}

	private List<Mapped> mapAll() {
		// first the resources that take others in, so that their parts are known before the parts come up
		List<Mapped> mapped = new ArrayList<>();
		Map<Integer, Mapped> entries = new HashMap<>();
		List<BundleEntryComponent> all = bundle.getEntry();
		for (int i = 0; i < all.size(); i++) {
			Resource resource = all.get(i).getResource();
			if (resource != null && !isPossiblePart(resource)) {
				entries.put(i, one(i, resource));
			}
		}
		for (int i = 0; i < all.size(); i++) {
			Resource resource = all.get(i).getResource();
			if (resource == null) {
				mapped.add(new Mapped(i, "entry[" + i + "]", Kind.INCOMPLETE, null, "holds no resource", List.of()));
			}
			else if (entries.containsKey(i)) {
				mapped.add(entries.get(i));
			}
			else {
				mapped.add(one(i, resource));
			}
		}
		return mapped;
	}

	private static boolean isPossiblePart(Resource resource) {
		return resource instanceof Location || resource instanceof ServiceRequest || resource instanceof Medication
				|| (resource instanceof Observation observation && hasLoinc(observation.getCode(), EXPECTED_DELIVERY));
	}

	private Mapped one(int index, Resource resource) {
		String label = label(index, resource);
		String owner = parts.get(resource);
		if (owner != null) {
			return new Mapped(index, label, Kind.PART, null, "part of " + owner, List.of());
		}
		Entry entry = new Entry(index, label, resource);
		return switch (resource.fhirType()) {
			case "AllergyIntolerance" -> allergy(entry, (AllergyIntolerance) resource);
			case "MedicationStatement" -> medication(entry, (MedicationStatement) resource);
			case "Condition" -> condition(entry, (Condition) resource);
			case "Immunization" -> immunization(entry, (Immunization) resource);
			case "Observation" -> observation(entry, (Observation) resource);
			case "Encounter" -> encounter(entry, (Encounter) resource);
			case "Composition", "Patient", "Provenance", "Organization", "Practitioner", "PractitionerRole",
					"Location", "Device" ->
				new Mapped(index, label, Kind.CONTEXT, null, "document context, not an entry", List.of());
			default -> new Mapped(index, label, Kind.UNSUPPORTED, null,
					"Carnet has no section for " + resource.fhirType(), List.of());
		};
	}

	// AllergyIntolerance -> allergy

	private Mapped allergy(Entry entry, AllergyIntolerance resource) {
		entry.uses("patient", "code", "clinicalStatus", "criticality", "reaction", "recordedDate");
		String substance = entry.text("code", resource.getCode());
		if (substance == null) {
			return entry.incomplete("names no substance (code)");
		}
		Allergy.Status status = entry.enumFrom("clinicalStatus", code(resource.getClinicalStatus()),
				Allergy.Status.class);
		String reaction = null;
		Allergy.Severity severity = null;
		if (resource.hasReaction()) {
			AllergyIntolerance.AllergyIntoleranceReactionComponent first = resource.getReactionFirstRep();
			reaction = first.hasManifestation() ? entry.text("reaction.manifestation", first.getManifestationFirstRep())
					: null;
			if (first.hasSeverity()) {
				severity = Allergy.Severity.valueOf(first.getSeverity().toCode().toUpperCase(Locale.ROOT));
			}
			if (first.getManifestation().size() > 1 || resource.getReaction().size() > 1) {
				entry.notKept("reactions beyond the first manifestation");
			}
			entry.notKeptBeyond(first, "reaction", "manifestation", "severity");
		}
		if (severity == null && resource.hasCriticality()) {
			if (resource.getCriticality() == AllergyIntolerance.AllergyIntoleranceCriticality.HIGH) {
				severity = Allergy.Severity.SEVERE;
			}
			else {
				entry.notKept("criticality " + resource.getCriticality().toCode() + " (no severity)");
			}
		}
		return entry.becomes(new Allergy(substance, reaction, severity, status,
				entry.day("recordedDate", resource.getRecordedDateElement())));
	}

	// MedicationStatement -> medication

	private Mapped medication(Entry entry, MedicationStatement resource) {
		entry.uses("status", "medication", "subject", "effective", "reasonCode", "dosage");
		if (resource.getStatus() == MedicationStatement.MedicationStatementStatus.ENTEREDINERROR) {
			return entry.incomplete("entered in error");
		}
		String name;
		if (resource.hasMedicationReference()) {
			Resource medication = resolve(resource.getMedicationReference());
			name = medication instanceof Medication m ? entry.text("medication", m.getCode()) : null;
			if (medication != null) {
				parts.put(medication, entry.label);
			}
		}
		else {
			name = resource.hasMedicationCodeableConcept()
					? entry.text("medication", resource.getMedicationCodeableConcept()) : null;
		}
		if (name == null) {
			return entry.incomplete("names no medicine (medication)");
		}
		org.carnet.record.content.Medication.Status status = switch (resource.getStatus()) {
			case ACTIVE -> org.carnet.record.content.Medication.Status.ACTIVE;
			case STOPPED -> org.carnet.record.content.Medication.Status.STOPPED;
			case COMPLETED -> org.carnet.record.content.Medication.Status.COMPLETED;
			case NULL -> null;
			default -> {
				if (resource.getStatus() != MedicationStatement.MedicationStatementStatus.UNKNOWN) {
					entry.notKept("status " + resource.getStatus().toCode());
				}
				yield null;
			}
		};
		LocalDate started = null;
		LocalDate ended = null;
		if (resource.hasEffectivePeriod()) {
			Period period = resource.getEffectivePeriod();
			started = entry.day("effectivePeriod.start", period.getStartElement());
			ended = entry.day("effectivePeriod.end", period.getEndElement());
		}
		else if (resource.hasEffectiveDateTimeType()) {
			started = entry.day("effectiveDateTime", resource.getEffectiveDateTimeType());
		}
		String reason = resource.hasReasonCode() ? entry.text("reasonCode", resource.getReasonCodeFirstRep()) : null;
		if (resource.getReasonCode().size() > 1) {
			entry.notKept("reasons beyond the first");
		}
		String dose = null;
		String route = null;
		String frequency = null;
		if (resource.hasDosage()) {
			Dosage dosage = resource.getDosageFirstRep();
			dose = dosage.getText();
			route = dosage.hasRoute() ? entry.text("dosage.route", dosage.getRoute()) : null;
			frequency = dosage.getTiming().hasCode() ? entry.text("dosage.timing.code", dosage.getTiming().getCode())
					: null;
			if (resource.getDosage().size() > 1) {
				entry.notKept("dosages beyond the first");
			}
			entry.notKeptBeyond(dosage, "dosage", "text", "route", "timing");
			if (dosage.hasTiming()) {
				entry.notKeptBeyond(dosage.getTiming(), "dosage.timing", "code");
			}
		}
		return entry.becomes(new org.carnet.record.content.Medication(name, dose, route, frequency, reason, started,
				ended, status));
	}

	// Condition -> condition (ICD-10 kept as code, anything else as text)

	private Mapped condition(Entry entry, Condition resource) {
		entry.uses("subject", "code", "category", "clinicalStatus", "onset", "abatement", "note");
		if ("entered-in-error".equals(code(resource.getVerificationStatus()))) {
			return entry.incomplete("entered in error");
		}
		entry.uses("verificationStatus");
		String verification = code(resource.getVerificationStatus());
		if (verification != null && !verification.equals("confirmed")) {
			entry.notKept("verificationStatus " + verification);
		}
		String description = entry.textOnly(resource.getCode());
		String icd10 = null;
		for (Coding coding : resource.getCode().getCoding()) {
			if (RecordMapping.ICD_10.equals(coding.getSystem()) && icd10 == null && coding.hasCode()) {
				icd10 = coding.getCode();
			}
			else {
				entry.notKept("code " + coding.getSystem() + "|" + coding.getCode());
			}
		}
		if (description == null) {
			description = firstDisplay(resource.getCode());
		}
		if (description == null) {
			return entry.incomplete("has no description (code.text)");
		}
		org.carnet.record.content.Condition.Kind kind = null;
		for (CodeableConcept category : resource.getCategory()) {
			org.carnet.record.content.Condition.Kind known = switch (String.valueOf(category.getText())) {
				case "Chronic condition" -> org.carnet.record.content.Condition.Kind.CHRONIC;
				case "Past condition" -> org.carnet.record.content.Condition.Kind.PAST;
				case "Surgery" -> org.carnet.record.content.Condition.Kind.SURGERY;
				case "Diagnosis" -> org.carnet.record.content.Condition.Kind.DIAGNOSIS;
				default -> null;
			};
			if (known != null && kind == null) {
				kind = known;
			}
			else {
				entry.notKept("category " + describe(category));
			}
		}
		String clinical = code(resource.getClinicalStatus());
		org.carnet.record.content.Condition.Status status = clinical == null ? null : switch (clinical) {
			case "active", "recurrence", "relapse" -> org.carnet.record.content.Condition.Status.ACTIVE;
			case "remission" -> org.carnet.record.content.Condition.Status.REMISSION;
			case "resolved" -> org.carnet.record.content.Condition.Status.RESOLVED;
			default -> {
				entry.notKept("clinicalStatus " + clinical);
				yield null;
			}
		};
		LocalDate onset = null;
		if (resource.hasOnsetDateTimeType()) {
			onset = entry.day("onsetDateTime", resource.getOnsetDateTimeType());
		}
		else if (resource.hasOnset()) {
			entry.notKept("onset as " + resource.getOnset().fhirType());
		}
		LocalDate resolved = null;
		if (resource.hasAbatementDateTimeType()) {
			resolved = entry.day("abatementDateTime", resource.getAbatementDateTimeType());
		}
		else if (resource.hasAbatement()) {
			entry.notKept("abatement as " + resource.getAbatement().fhirType());
		}
		for (var note : resource.getNote()) {
			Matcher whileActive = RESOLVED_WHILE_ACTIVE.matcher(String.valueOf(note.getText()));
			if (resolved == null && whileActive.matches()) {
				resolved = LocalDate.parse(whileActive.group(1));
			}
			else {
				entry.notKept("note");
			}
		}
		return entry.becomes(new org.carnet.record.content.Condition(description, icd10, kind, status, onset,
				resolved));
	}

	// Immunization -> vaccination

	private Mapped immunization(Entry entry, Immunization resource) {
		entry.uses("status", "vaccineCode", "patient", "occurrence", "lotNumber", "location", "protocolApplied");
		if (resource.getStatus() == ImmunizationStatus.NOTDONE
				|| resource.getStatus() == ImmunizationStatus.ENTEREDINERROR) {
			return entry.incomplete("status " + resource.getStatus().toCode() + ": no dose was given");
		}
		String vaccine = entry.text("vaccineCode", resource.getVaccineCode());
		if (vaccine == null) {
			return entry.incomplete("names no vaccine (vaccineCode)");
		}
		LocalDate date = resource.hasOccurrenceDateTimeType()
				? entry.day("occurrenceDateTime", resource.getOccurrenceDateTimeType()) : null;
		if (date == null) {
			return entry.incomplete("has no day of vaccination (occurrenceDateTime)");
		}
		Integer dose = null;
		if (resource.hasProtocolApplied()) {
			var applied = resource.getProtocolAppliedFirstRep();
			if (applied.hasDoseNumberPositiveIntType()) {
				dose = applied.getDoseNumberPositiveIntType().getValue();
			}
			entry.notKeptBeyond(applied, "protocolApplied", "doseNumber");
		}
		return entry.becomes(new Vaccination(vaccine, dose, date, country(entry, resource.getLocation()),
				resource.getLotNumber()));
	}

	// Observation -> blood group, vital sign, screening, mental-health assessment, reproductive health, lab result

	private Mapped observation(Entry entry, Observation resource) {
		entry.uses("status", "category", "code", "subject", "effective");
		if (resource.getStatus() == ObservationStatus.ENTEREDINERROR
				|| resource.getStatus() == ObservationStatus.CANCELLED) {
			return entry.incomplete("status " + resource.getStatus().toCode());
		}
		CodeableConcept code = resource.getCode();
		Set<String> categories = new LinkedHashSet<>();
		resource.getCategory().forEach(c -> c.getCoding().forEach(coding -> categories.add(coding.getCode())));
		if (hasLoinc(code, BLOOD_GROUP_CODE)) {
			return bloodGroup(entry, resource);
		}
		for (Map.Entry<String, VitalSign.Kind> vital : VITALS.entrySet()) {
			if (hasLoinc(code, vital.getKey())) {
				return vital(entry, resource, vital.getValue());
			}
		}
		if (categories.contains("exam")) {
			return vital(entry, resource, VitalSign.Kind.PHYSICAL_EXAMINATION);
		}
		ReproductiveHealthEntry.Kind reproductive = reproductiveKind(code);
		if (reproductive != null) {
			return reproductive(entry, resource, reproductive);
		}
		if (categories.contains("survey")) {
			return mentalHealth(entry, resource);
		}
		if (categories.contains("laboratory")) {
			InfectiousDiseaseScreening.Disease disease = disease(code.getText());
			return disease != null ? screening(entry, resource, disease) : labResult(entry, resource);
		}
		return new Mapped(entry.index, entry.label, Kind.UNSUPPORTED, null,
				"an observation Carnet does not record (" + describe(code) + ")", List.of());
	}

	private Mapped bloodGroup(Entry entry, Observation resource) {
		String value = resource.hasValue() ? valueText(resource.getValue()) : null;
		Matcher group = value == null ? null : BLOOD_GROUP.matcher(value.strip());
		if (group == null || !group.matches()) {
			return entry.incomplete("blood group value not understood");
		}
		boolean positive = group.group(2).toLowerCase(Locale.ROOT).startsWith("pos") || group.group(2).equals("+");
		BloodGroupEntry.BloodGroup bloodGroup = BloodGroupEntry.BloodGroup
			.valueOf(group.group(1).toUpperCase(Locale.ROOT) + (positive ? "_POSITIVE" : "_NEGATIVE"));
		entry.uses("value");
		return entry.becomes(new BloodGroupEntry(bloodGroup, entry.effectiveDay(resource)));
	}

	private Mapped vital(Entry entry, Observation resource, VitalSign.Kind kind) {
		entry.uses("value", "component", "note");
		LocalDate measured = entry.effectiveDay(resource);
		if (measured == null) {
			return entry.incomplete("has no day of measurement (effectiveDateTime)");
		}
		String value;
		String unit;
		if (kind == VitalSign.Kind.BLOOD_PRESSURE && !resource.hasValue()) {
			Quantity systolic = component(resource, "8480-6");
			Quantity diastolic = component(resource, "8462-4");
			if (systolic == null || diastolic == null) {
				return entry.incomplete("blood pressure without systolic and diastolic values");
			}
			value = number(systolic.getValue()) + "/" + number(diastolic.getValue());
			unit = unit(systolic);
		}
		else {
			if (!resource.hasValue()) {
				return entry.incomplete("has no value");
			}
			if (resource.hasComponent()) {
				entry.notKept("component");
			}
			value = valueText(resource.getValue());
			unit = resource.getValue() instanceof Quantity quantity ? unit(quantity) : null;
		}
		if (value == null) {
			return entry.incomplete("value of type " + resource.getValue().fhirType() + " not understood");
		}
		return entry.becomes(new VitalSign(kind, value, unit, measured, notes(entry, resource)));
	}

	private Mapped screening(Entry entry, Observation resource, InfectiousDiseaseScreening.Disease disease) {
		entry.uses("value", "interpretation", "method", "note");
		LocalDate date = entry.effectiveDay(resource);
		if (date == null) {
			return entry.incomplete("has no day of the screening (effectiveDateTime)");
		}
		InfectiousDiseaseScreening.Result result = null;
		if (resource.getStatus() == ObservationStatus.REGISTERED && !resource.hasValue()) {
			result = InfectiousDiseaseScreening.Result.PENDING;
		}
		for (CodeableConcept interpretation : resource.getInterpretation()) {
			String code = interpretation.getCodingFirstRep().getCode();
			if (result == null && code != null) {
				result = switch (code) {
					case "NEG", "N" -> InfectiousDiseaseScreening.Result.NEGATIVE;
					case "POS", "A", "DET" -> InfectiousDiseaseScreening.Result.POSITIVE;
					case "IND" -> InfectiousDiseaseScreening.Result.INDETERMINATE;
					default -> null;
				};
			}
		}
		if (result == null && resource.hasValue()) {
			String text = String.valueOf(valueText(resource.getValue())).toUpperCase(Locale.ROOT);
			for (InfectiousDiseaseScreening.Result known : InfectiousDiseaseScreening.Result.values()) {
				if (known.name().equals(text)) {
					result = known;
				}
			}
		}
		if (result == null) {
			return entry.incomplete("screening result not understood");
		}
		String method = resource.hasMethod() ? entry.text("method", resource.getMethod()) : null;
		return entry.becomes(new InfectiousDiseaseScreening(disease, method, result, date, notes(entry, resource)));
	}

	private Mapped mentalHealth(Entry entry, Observation resource) {
		entry.uses("value", "component", "note");
		String instrument = entry.text("code", resource.getCode());
		LocalDate date = entry.effectiveDay(resource);
		if (instrument == null || date == null) {
			return entry.incomplete("needs an instrument (code) and a day (effectiveDateTime)");
		}
		Integer score = null;
		if (resource.getValue() instanceof IntegerType integer) {
			score = integer.getValue();
		}
		else if (resource.getValue() instanceof Quantity quantity && quantity.hasValue()
				&& quantity.getValue().stripTrailingZeros().scale() <= 0) {
			score = quantity.getValue().intValueExact();
		}
		else if (resource.hasValue()) {
			entry.notKept("value of type " + resource.getValue().fhirType());
		}
		Boolean followUp = null;
		for (ObservationComponentComponent component : resource.getComponent()) {
			if ("Follow-up needed".equals(component.getCode().getText())
					&& component.getValue() instanceof BooleanType flag) {
				followUp = flag.getValue();
			}
			else {
				entry.notKept("component " + describe(component.getCode()));
			}
		}
		return entry.becomes(new MentalHealthAssessment(instrument, score, notes(entry, resource), followUp, date));
	}

	private Mapped reproductive(Entry entry, Observation resource, ReproductiveHealthEntry.Kind kind) {
		entry.uses("value", "hasMember");
		String description = resource.hasValue() ? valueText(resource.getValue()) : null;
		if (description == null) {
			return entry.incomplete("has no description (valueString)");
		}
		LocalDate expected = null;
		for (Reference member : resource.getHasMember()) {
			Resource target = resolve(member);
			if (target instanceof Observation delivery && hasLoinc(delivery.getCode(), EXPECTED_DELIVERY)
					&& delivery.getValue() instanceof BaseDateTimeType day) {
				expected = entry.day("expected delivery date", day);
				parts.put(delivery, entry.label);
			}
			else {
				entry.notKept("hasMember " + member.getReference());
			}
		}
		return entry.becomes(new ReproductiveHealthEntry(kind, description, entry.effectiveDay(resource), expected));
	}

	private Mapped labResult(Entry entry, Observation resource) {
		entry.uses("value", "referenceRange", "interpretation");
		String test = entry.text("code", resource.getCode());
		LocalDate collected = entry.effectiveDay(resource);
		String value = resource.hasValue() ? valueText(resource.getValue()) : null;
		if (test == null || collected == null || value == null) {
			return entry.incomplete("needs a test (code), a day (effectiveDateTime) and a value");
		}
		String unit = resource.getValue() instanceof Quantity quantity ? unit(quantity) : null;
		String range = resource.hasReferenceRange() ? resource.getReferenceRangeFirstRep().getText() : null;
		if (resource.hasReferenceRange() && range == null) {
			entry.notKept("referenceRange without text");
		}
		LabResult.Interpretation interpretation = null;
		if (resource.hasInterpretation()) {
			String code = resource.getInterpretationFirstRep().getCodingFirstRep().getCode();
			interpretation = code == null ? null : switch (code) {
				case "N" -> LabResult.Interpretation.NORMAL;
				case "AA", "HH", "LL" -> LabResult.Interpretation.CRITICAL;
				case "A", "H", "L", "HU", "LU" -> LabResult.Interpretation.ABNORMAL;
				default -> null;
			};
			if (interpretation == null) {
				entry.notKept("interpretation " + describe(resource.getInterpretationFirstRep()));
			}
		}
		return entry.becomes(new LabResult(test, value, unit, range, interpretation, collected));
	}

	// Encounter (with its place, and its referrals as ServiceRequests) -> encounter

	private Mapped encounter(Entry entry, Encounter resource) {
		entry.uses("status", "class", "subject", "period", "reasonCode", "location");
		LocalDate date = entry.day("period.start", resource.getPeriod().getStartElement());
		String reason = resource.hasReasonCode() ? entry.text("reasonCode", resource.getReasonCodeFirstRep()) : null;
		Location place = resource.hasLocation() && resolve(resource.getLocationFirstRep().getLocation()) instanceof Location l
				? l : null;
		if (date == null || reason == null || place == null || !place.hasName() || !place.getAddress().hasCountry()) {
			return entry.incomplete("needs a day (period.start), a reason (reasonCode) and a place with a country");
		}
		parts.put(place, entry.label);
		String summary = null;
		if (resource.hasText() && resource.getText().getStatus() == NarrativeStatus.ADDITIONAL) {
			summary = resource.getText().getDiv().allText().strip();
		}
		List<org.carnet.record.content.Encounter.Referral> referrals = new ArrayList<>();
		for (BundleEntryComponent other : bundle.getEntry()) {
			if (other.getResource() instanceof ServiceRequest request && request.hasEncounter()
					&& resolve(request.getEncounter()) == resource) {
				String to = request.hasPerformer() ? request.getPerformerFirstRep().getDisplay() : null;
				if (to == null) {
					continue;
				}
				String why = request.hasReasonCode() ? request.getReasonCodeFirstRep().getText() : null;
				org.carnet.record.content.Encounter.Urgency urgency = !request.hasPriority() ? null
						: switch (request.getPriority()) {
							case URGENT -> org.carnet.record.content.Encounter.Urgency.URGENT;
							case STAT, ASAP -> org.carnet.record.content.Encounter.Urgency.EMERGENCY;
							default -> org.carnet.record.content.Encounter.Urgency.ROUTINE;
						};
				referrals.add(new org.carnet.record.content.Encounter.Referral(to, why, urgency));
				parts.put(request, entry.label);
			}
		}
		return entry.becomes(new org.carnet.record.content.Encounter(date, place.getName(),
				place.getAddress().getCountry(), reason, summary, referrals.isEmpty() ? null : referrals));
	}

	// building blocks

	private String country(Entry entry, Reference reference) {
		if (reference == null || reference.isEmpty()) {
			return null;
		}
		Resource target = resolve(reference);
		if (target instanceof Location location && location.getAddress().hasCountry()) {
			parts.put(location, entry.label);
			return location.getAddress().getCountry();
		}
		entry.notKept("location " + reference.getReference());
		return null;
	}

	private Resource resolve(Reference reference) {
		return reference == null || reference.getReference() == null ? null : byReference.get(reference.getReference());
	}

	private static String notes(Entry entry, Observation resource) {
		if (!resource.hasNote()) {
			return null;
		}
		if (resource.getNote().size() > 1) {
			entry.notKept("notes beyond the first");
		}
		return resource.getNoteFirstRep().getText();
	}

	private static ReproductiveHealthEntry.Kind reproductiveKind(CodeableConcept code) {
		if (hasLoinc(code, PREGNANCY_STATUS)) {
			return ReproductiveHealthEntry.Kind.PREGNANCY;
		}
		if (code.hasCoding()) {
			return null;
		}
		return switch (String.valueOf(code.getText())) {
			case "Contraception" -> ReproductiveHealthEntry.Kind.CONTRACEPTION;
			case "Obstetric history" -> ReproductiveHealthEntry.Kind.OBSTETRIC_HISTORY;
			case "Menstrual health" -> ReproductiveHealthEntry.Kind.MENSTRUAL_HEALTH;
			case "Reproductive health" -> ReproductiveHealthEntry.Kind.OTHER;
			default -> null;
		};
	}

	/** The disease of a screening's text, {@code <disease> screening}, as {@link RecordMapping} writes it. */
	private static InfectiousDiseaseScreening.Disease disease(String text) {
		if (text == null || !text.endsWith(" screening")) {
			return null;
		}
		String name = text.substring(0, text.length() - " screening".length());
		for (InfectiousDiseaseScreening.Disease disease : InfectiousDiseaseScreening.Disease.values()) {
			if (RecordMapping.label(disease.name()).equalsIgnoreCase(name)) {
				return disease;
			}
		}
		return null;
	}

	private static Quantity component(Observation resource, String loinc) {
		for (ObservationComponentComponent component : resource.getComponent()) {
			if (hasLoinc(component.getCode(), loinc) && component.getValue() instanceof Quantity quantity
					&& quantity.hasValue()) {
				return quantity;
			}
		}
		return null;
	}

	/** A value as Carnet holds values: a number as written, text as it is. */
	private static String valueText(Type value) {
		if (value instanceof Quantity quantity) {
			return quantity.hasValue() ? number(quantity.getValue()) : null;
		}
		if (value instanceof StringType text) {
			return text.getValue();
		}
		if (value instanceof CodeableConcept concept) {
			return concept.hasText() ? concept.getText() : firstDisplay(concept);
		}
		if (value instanceof IntegerType integer) {
			return integer.getValueAsString();
		}
		return null;
	}

	private static String number(BigDecimal value) {
		return value.toPlainString();
	}

	private static String unit(Quantity quantity) {
		return quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
	}

	static boolean hasLoinc(CodeableConcept concept, String code) {
		for (Coding coding : concept.getCoding()) {
			if (RecordMapping.LOINC.equals(coding.getSystem()) && code.equals(coding.getCode())) {
				return true;
			}
		}
		return false;
	}

	private static String code(CodeableConcept concept) {
		return concept == null || !concept.hasCoding() ? null : concept.getCodingFirstRep().getCode();
	}

	private static String firstDisplay(CodeableConcept concept) {
		for (Coding coding : concept.getCoding()) {
			if (coding.hasDisplay()) {
				return coding.getDisplay();
			}
		}
		return concept.hasCoding() ? concept.getCodingFirstRep().getCode() : null;
	}

	private static String describe(CodeableConcept concept) {
		if (concept.hasText()) {
			return concept.getText();
		}
		Coding coding = concept.getCodingFirstRep();
		return coding.getSystem() + "|" + coding.getCode();
	}

	private static String label(int index, Resource resource) {
		if (resource.hasIdElement() && resource.getIdElement().hasIdPart()) {
			// a document's resources are named by their full URL (urn:uuid:...), which HAPI takes as their id
			String id = resource.getIdElement().getIdPart();
			return resource.fhirType() + "/" + (id.startsWith("urn:uuid:") ? id.substring("urn:uuid:".length()) : id);
		}
		return resource.fhirType() + " at entry[" + index + "]";
	}

	/** One resource being mapped: what it is, the elements its entry takes, and what it says that is not kept. */
	private static final class Entry {

		private final int index;

		private final String label;

		private final Resource resource;

		private final Set<String> used = new LinkedHashSet<>();

		private final List<String> notKept = new ArrayList<>();

		Entry(int index, String label, Resource resource) {
			this.index = index;
			this.label = label;
			this.resource = resource;
		}

		void uses(String... elements) {
			used.addAll(List.of(elements));
		}

		void notKept(String what) {
			notKept.add(what);
		}

		/** Reports the populated elements of {@code element} other than {@code kept}, named under {@code path}. */
		void notKeptBeyond(Base element, String path, String... kept) {
			Set<String> keep = Set.of(kept);
			for (Property property : element.children()) {
				String name = property.getName().replace("[x]", "");
				if (property.hasValues() && !keep.contains(name) && !name.equals("id")) {
					notKept(path + "." + name);
				}
			}
		}

		/** A concept's text, or its first coding's display (or code), reporting codes that are not kept. */
		String text(String path, CodeableConcept concept) {
			if (concept == null || concept.isEmpty()) {
				return null;
			}
			for (Coding coding : concept.getCoding()) {
				notKept(path + " code " + coding.getSystem() + "|" + coding.getCode()
						+ (concept.hasText() ? "" : " (its display kept as text)"));
			}
			return concept.hasText() ? concept.getText() : firstDisplay(concept);
		}

		String textOnly(CodeableConcept concept) {
			return concept.hasText() ? concept.getText() : null;
		}

		<E extends Enum<E>> E enumFrom(String path, String code, Class<E> type) {
			if (code == null) {
				return null;
			}
			try {
				return Enum.valueOf(type, code.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException unknown) {
				notKept(path + " " + code);
				return null;
			}
		}

		/** The day of a date or date-time as written (its own time zone); null, and reported, below day precision. */
		LocalDate day(String path, BaseDateTimeType value) {
			if (value == null || value.isEmpty() || value.getValue() == null) {
				return null;
			}
			if (value.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()) {
				notKept(path + " " + value.getValueAsString() + " (Carnet records a day)");
				return null;
			}
			return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
		}

		LocalDate effectiveDay(Observation observation) {
			if (observation.hasEffectiveDateTimeType()) {
				return day("effectiveDateTime", observation.getEffectiveDateTimeType());
			}
			if (observation.hasEffectivePeriod()) {
				return day("effectivePeriod.start", observation.getEffectivePeriod().getStartElement());
			}
			if (observation.hasEffective()) {
				notKept("effective as " + observation.getEffective().fhirType());
			}
			return null;
		}

		Mapped becomes(EntryContent content) {
			for (Property property : resource.children()) {
				String name = property.getName().replace("[x]", "");
				if (property.hasValues() && !used.contains(name) && !ALWAYS_IGNORED.contains(name)) {
					notKept(name);
				}
			}
			return new Mapped(index, label, Kind.ENTRY, content, null, List.copyOf(notKept));
		}

		Mapped incomplete(String reason) {
			return new Mapped(index, label, Kind.INCOMPLETE, null, reason, List.of());
		}
	}
}
