package org.carnet.graphql.read;

import java.time.LocalDate;
import java.util.List;

import org.carnet.record.content.Allergy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A record's components are read by name as its accessors answer them, primitives boxed, nulls as nulls. */
class RecordComponentsTests {

	record Sample(String text, int count, boolean flag, long big, double ratio, char letter, LocalDate day,
			List<String> tags) {

		@Override
		public String text() {
			if ("fail".equals(text)) {
				throw new IllegalStateException("an accessor that fails");
			}
			return text;
		}
	}

	private record Hidden(String secret) {
	}

	@Test
	void everyComponentIsReadAsItsAccessorAnswersIt() {
		Sample sample = new Sample("\u0623\u0645\u064a\u0646\u0629", 7, true, 1L << 40, 36.6, 'x',
				LocalDate.of(2026, 12, 6), null);
		assertThat(RecordComponents.accessor(Sample.class, "text").apply(sample)).isEqualTo(sample.text());
		assertThat(RecordComponents.accessor(Sample.class, "count").apply(sample)).isEqualTo(7);
		assertThat(RecordComponents.accessor(Sample.class, "flag").apply(sample)).isEqualTo(true);
		assertThat(RecordComponents.accessor(Sample.class, "big").apply(sample)).isEqualTo(1L << 40);
		assertThat(RecordComponents.accessor(Sample.class, "ratio").apply(sample)).isEqualTo(36.6);
		assertThat(RecordComponents.accessor(Sample.class, "letter").apply(sample)).isEqualTo('x');
		assertThat(RecordComponents.accessor(Sample.class, "day").apply(sample)).isEqualTo(LocalDate.of(2026, 12, 6));
		assertThat(RecordComponents.accessor(Sample.class, "tags").apply(sample)).isNull();
		assertThat(RecordComponents.accessor(Hidden.class, "secret").apply(new Hidden("s"))).isEqualTo("s");

		Allergy allergy = new Allergy("Penicillin", null, null, null, null);
		assertThat(RecordComponents.accessor(Allergy.class, "substance").apply(allergy)).isEqualTo("Penicillin");
	}

	@Test
	void whatIsNoComponentHasNoAccessorAndAFailingAccessorFails() {
		assertThat(RecordComponents.accessor(Sample.class, "absent")).isNull();
		assertThat(RecordComponents.accessor(String.class, "length")).isNull();
		Sample failing = new Sample("fail", 0, false, 0, 0, ' ', null, List.of());
		assertThatThrownBy(() -> RecordComponents.accessor(Sample.class, "text").apply(failing))
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("an accessor that fails");
	}
}
