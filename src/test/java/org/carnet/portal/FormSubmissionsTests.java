package org.carnet.portal;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a session remembers of the forms it sent: a twin by the same form (address and token) or by the same values
 * while they count as the same submission; problems forgotten; a bounded number of submissions.
 */
class FormSubmissionsTests {

	private final Instant now = Instant.parse("2026-12-03T10:00:00Z");

	private final FormSubmissions.Remembered remembered = new FormSubmissions.Remembered();

	private final FormSubmissions.Outcome granted = new FormSubmissions.Outcome("/portal/my/consents", "Done.",
			now.plus(FormSubmissions.SAME_VALUES));

	@Test
	void aSubmissionIsAnsweredByItsTwinOfTheSameFormOrOfTheSameValues() {
		String key = remembered.claim("/portal/my/consents", "token-1", "values-1", now);
		assertThat(remembered.twin("/portal/my/consents", "token-1", "values-1", now))
			.isEqualTo(FormSubmissions.Twin.PENDING);
		assertThat(remembered.claim("/portal/my/consents", "token-1", "values-1", now)).isNull();
		remembered.complete(key, granted);

		assertThat(remembered.twin("/portal/my/consents", "token-1", "other values", now).outcome()).isEqualTo(granted);
		assertThat(remembered.twin("/portal/my/consents", "token-2", "values-1", now).outcome()).isEqualTo(granted);
		// the same token sent to another address is another form
		assertThat(remembered.twin("/portal/my/share-code", "token-1", "values-2", now).state())
			.isEqualTo(FormSubmissions.Twin.State.NONE);
		// the same values later are a new wish; the same form (token) is still the same submission
		Instant later = now.plus(FormSubmissions.SAME_VALUES).plusSeconds(1);
		assertThat(remembered.twin("/portal/my/consents", "token-2", "values-1", later).state())
			.isEqualTo(FormSubmissions.Twin.State.NONE);
		assertThat(remembered.twin("/portal/my/consents", "token-1", "values-1", later).outcome()).isEqualTo(granted);
	}

	@Test
	void aSubmissionThatCameBackWithAProblemIsForgotten() {
		String key = remembered.claim("/portal/my/consents", "token-1", "values-1", now);
		remembered.release(key);
		assertThat(remembered.twin("/portal/my/consents", "token-1", "values-1", now).state())
			.isEqualTo(FormSubmissions.Twin.State.NONE);
		assertThat(remembered.claim("/portal/my/consents", "token-1", "values-1", now)).isNotNull();
	}

	@Test
	void aSessionRemembersABoundedNumberOfSubmissions() {
		for (int i = 0; i <= FormSubmissions.REMEMBERED; i++) {
			String key = remembered.claim("/portal/my/consents", "token-" + i, "values-" + i, now);
			remembered.complete(key, granted);
		}
		assertThat(remembered.twin("/portal/my/consents", "token-0", "values-0", now).state())
			.isEqualTo(FormSubmissions.Twin.State.NONE);
		assertThat(remembered.twin("/portal/my/consents", "token-1", "values-1", now).outcome()).isEqualTo(granted);
	}
}
