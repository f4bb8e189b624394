package org.carnet.fhir;

/**
 * The sections of Carnet's International Patient Summary, in the order they appear, with their LOINC codes. The
 * three the IPS requires are always present; when one has nothing to show, whether the person has no such data or
 * withheld the category, it carries the same empty reason and text ({@link SummaryDocument}). The others appear only
 * when they hold entries.
 */
enum IpsSection {

	PROBLEMS("11450-4", "Problem list - Reported", "Active problems", true),
	ALLERGIES("48765-2", "Allergies and adverse reactions Document", "Allergies and intolerances", true),
	MEDICATIONS("10160-0", "History of Medication use Narrative", "Medication summary", true),
	IMMUNIZATIONS("11369-6", "History of Immunization Narrative", "Immunizations", false),
	RESULTS("30954-2", "Relevant diagnostic tests/laboratory data Narrative", "Results", false),
	VITAL_SIGNS("8716-3", "Vital signs", "Vital signs", false),
	PAST_PROBLEMS("11348-0", "History of Past illness Narrative", "Past illnesses and surgeries", false),
	PREGNANCY("10162-6", "History of pregnancies Narrative", "Pregnancy and reproductive health", false),
	ENCOUNTERS("46240-8", "History of Hospitalizations+Outpatient visits Narrative", "Encounters", false),
	PLAN_OF_CARE("18776-5", "Plan of care note", "Referrals", false);

	static final String LOINC = "http://loinc.org";

	private final String code;

	private final String display;

	private final String title;

	private final boolean required;

	IpsSection(String code, String display, String title, boolean required) {
		this.code = code;
		this.display = display;
		this.title = title;
		this.required = required;
	}

	String code() {
		return code;
	}

	String display() {
		return display;
	}

	String title() {
		return title;
	}

	boolean required() {
		return required;
	}
}
