package org.carnet.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTests {

	@Test
	void namesInEveryScriptWithTheirJoinersAndEmojiAreAccepted() {
		assertThat(Text.problem("محمدی\u200Cنژاد", false)).isEmpty();
		assertThat(Text.problem("Олена Коваль-Петренко", false)).isEmpty();
		assertThat(Text.problem("क्\u200Dष", false)).isEmpty();
		assertThat(Text.problem("👩\u200D⚕️ 🇬🇷", false)).isEmpty();
		assertThat(Text.problem("Zoë O’Brien", false)).isEmpty();
	}

	@Test
	void controlDirectionInvisibleAndBrokenCharactersAreRefusedInPlainWords() {
		assertThat(Text.problem("a\u0000b", true)).hasValueSatisfying(p -> assertThat(p).contains("control character (U+0000)"));
		assertThat(Text.problem("\u001B[31mred", true)).hasValueSatisfying(p -> assertThat(p).contains("U+001B"));
		assertThat(Text.problem("x\u007F", true)).isPresent();
		assertThat(Text.problem("x\u0085", true)).isPresent();
		for (char bidi : new char[] { '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068',
				'\u2069', '\u200E', '\u200F', '\u061C' }) {
			assertThat(Text.problem("gpj" + bidi + ".exe", true)).hasValueSatisfying(
					p -> assertThat(p).contains("direction"));
		}
		assertThat(Text.problem("pay\u200Bpal", false)).hasValueSatisfying(p -> assertThat(p).contains("invisible"));
		assertThat(Text.problem("\uFEFFname", false)).isPresent();
		assertThat(Text.problem("x\uD800y", false)).hasValueSatisfying(p -> assertThat(p).contains("broken"));
		assertThat(Text.problem("x\uDC00", false)).isPresent();
		assertThat(Text.problem("x\uFFFF", false)).isPresent();
	}

	@Test
	void lineBreaksAndTabsOnlyInMultiLineText() {
		assertThat(Text.problem("first line\nsecond\tline\r\n", true)).isEmpty();
		assertThat(Text.problem("Amal\nDarwish", false)).hasValueSatisfying(p -> assertThat(p).contains("one line"));
		assertThatThrownBy(() -> Text.check("input.givenNames", "a\tb")).isInstanceOf(BadInput.class)
			.hasMessageStartingWith("input.givenNames: ");
	}

	@Test
	void theProblemNeverRepeatsTheText() {
		assertThat(Text.problem("secret\u202Epassword", false)).hasValueSatisfying(
				p -> assertThat(p).doesNotContain("secret").doesNotContain("password"));
	}
}
