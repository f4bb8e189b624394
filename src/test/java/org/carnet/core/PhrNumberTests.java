package org.carnet.core;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhrNumberTests {

	@RepeatedTest(20)
	void everySingleWrongCharacterIsDetected() {
		PhrNumber phr = PhrNumber.random();
		String chars = compact(phr);
		for (int i = 0; i < chars.length(); i++) {
			for (char other : PhrNumber.ALPHABET.toCharArray()) {
				if (other != chars.charAt(i)) {
					String typo = chars.substring(0, i) + other + chars.substring(i + 1);
					assertThat(PhrNumber.isValid(format(typo))).as("%s with position %d changed", phr, i).isFalse();
				}
			}
		}
	}

	@RepeatedTest(20)
	void everySwapOfNeighbouringCharactersIsDetected() {
		PhrNumber phr = PhrNumber.random();
		String chars = compact(phr);
		for (int i = 0; i + 1 < chars.length(); i++) {
			if (chars.charAt(i) != chars.charAt(i + 1)) {
				String swapped = chars.substring(0, i) + chars.charAt(i + 1) + chars.charAt(i) + chars.substring(i + 2);
				assertThat(PhrNumber.isValid(format(swapped))).as("%s with %d and %d swapped", phr, i, i + 1).isFalse();
			}
		}
	}

	@Test
	void parsesWhatAPersonTypes() {
		PhrNumber phr = PhrNumber.random();
		assertThat(PhrNumber.parse(compact(phr).toLowerCase())).isEqualTo(phr);
		assertThat(PhrNumber.parse(" " + phr.value().replace("-", " ") + " ")).isEqualTo(phr);
	}

	@Test
	void refusesATypoWithAClearMessage() {
		String chars = compact(PhrNumber.random());
		char last = chars.charAt(7);
		char wrong = PhrNumber.ALPHABET.charAt((PhrNumber.ALPHABET.indexOf(last) + 1) % PhrNumber.ALPHABET.length());
		assertThatThrownBy(() -> PhrNumber.parse(chars.substring(0, 7) + wrong)).isInstanceOf(BadInput.class)
			.hasMessageContaining("phrNumber");
	}

	private static String compact(PhrNumber phr) {
		return phr.value().substring(4).replace("-", "");
	}

	private static String format(String chars) {
		return "CAR-" + chars.substring(0, 4) + "-" + chars.substring(4);
	}
}
