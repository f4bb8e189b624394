package org.carnet.consent;

import org.carnet.core.BadInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A break-glass justification must say something real, in any language. */
class JustificationTests {

	@ParameterizedTest
	@ValueSource(strings = { "Unconscious after a road accident, allergies unknown",
			"Αναίσθητη μετά από τροχαίο, άγνωστες αλλεργίες",
			"فاقد الوعي بعد حادث سير والحساسية غير معروفة",
			"  Anaphylaxis   in the waiting room,\n no history available " })
	void aRealJustificationIsAcceptedWithItsWhitespaceTidied(String text) {
		assertThat(Justification.check(text)).isEqualTo(text.strip().replaceAll("\\s+", " "));
	}

	@ParameterizedTest
	@ValueSource(strings = { "help", "emergency emergency emergency", "12345678901234567890123", "!!!!!!!!!!!!!!!!!!!!!!",
			"ab ab ab ab ab ab ab ab ab" })
	void fillerIsRefused(String text) {
		assertThatThrownBy(() -> Justification.check(text)).isInstanceOf(BadInput.class);
	}
}
