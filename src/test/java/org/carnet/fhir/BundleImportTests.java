package org.carnet.fhir;

import java.time.LocalDate;

import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How an imported Bundle's Patient is matched with the record's identity: what both state must agree, letter case,
 * accents and spacing aside, an estimated birth date by its year.
 */
class BundleImportTests {

	static final SummaryAnswer.Identity AMINA = new SummaryAnswer.Identity("id", "Amina", "Haddad",
			LocalDate.of(1996, 4, 2), false, null, null, null, null, null, 1996);

	@Test
	void thePatientMatchesWhatTheRecordHoldsAsFarAsBothSayIt() {
		assertThatCode(() -> BundleImport.match(patient("AMÍNA", "haddad", "1996-04-02"), AMINA))
			.doesNotThrowAnyException();
		assertThatCode(() -> BundleImport.match(patient(null, null, "1996-04"), AMINA)).doesNotThrowAnyException();
		assertThatCode(() -> BundleImport.match(patient("Amina", null, null), AMINA)).doesNotThrowAnyException();
		SummaryAnswer.Identity estimated = new SummaryAnswer.Identity("id", "Amina", "Haddad",
				LocalDate.of(1996, 1, 1), true, null, null, null, null, null, 1996);
		assertThatCode(() -> BundleImport.match(patient("Amina", "Haddad", "1996-07-15"), estimated))
			.doesNotThrowAnyException();
	}

	@Test
	void aDifferentNameOrBirthDateOrNothingToCompareIsRefused() {
		assertThat(refusal(patient("Amina", "Hadad", "1996-04-02"), AMINA))
			.isEqualTo("422 The Bundle's Patient is not this record's person (name differ). Nothing was imported.");
		assertThat(refusal(patient("Amina", "Haddad", "1996-04-03"), AMINA)).isEqualTo(
				"422 The Bundle's Patient is not this record's person (birth date differ). Nothing was imported.");
		assertThat(refusal(new Patient(), AMINA)).startsWith("422 The Bundle's Patient states neither a name nor");
		assertThat(refusal(patient("Amina", "Haddad", "1996-04-02"), null))
			.startsWith("403 The Bundle's Patient cannot be matched");
	}

	private static Patient patient(String given, String family, String birthDate) {
		Patient patient = new Patient();
		if (given != null || family != null) {
			var name = patient.addName().setFamily(family);
			if (given != null) {
				name.addGiven(given);
			}
		}
		if (birthDate != null) {
			patient.setBirthDateElement(new DateType(birthDate));
		}
		return patient;
	}

	private static String refusal(Patient patient, SummaryAnswer.Identity identity) {
		FhirFailure failure = catchThrowableOfType(FhirFailure.class, () -> BundleImport.match(patient, identity));
		assertThat(failure).isNotNull();
		HttpStatus status = failure.status();
		return status.value() + " " + failure.getMessage();
	}
}
