package org.carnet.portal;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's form submissions in PostgreSQL, seen by two replicas (two guards, each with its own store, on one
 * database): a twin that reaches the second replica while the first is still being handled on the other waits, reading
 * the stored state again, and is answered with the outcome the first replica stored.
 */
@CarnetIntegrationTest
class FormSubmissionStoreIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	private final Clock clock = Clock.systemUTC();

	private FormSubmissions.Guard replica() {
		return new FormSubmissions.Guard(new FormSubmissionStore(jdbc, transactions, clock, Duration.ofMinutes(30)),
				clock);
	}

	@Test
	void aTwinWaitingOnOneReplicaIsAnsweredWithTheOutcomeTheOtherStored() throws Exception {
		FormSubmissions.Guard first = replica();
		FormSubmissions.Guard second = replica();
		MockHttpSession session = new MockHttpSession(null, "session-" + UUID.randomUUID());
		String token = UUID.randomUUID().toString();

		MockHttpServletRequest sent = consentForm(session, token);
		assertThat(first.preHandle(sent, new MockHttpServletResponse(), null)).as("the first acts").isTrue();

		MockHttpServletRequest twin = consentForm(session, token);
		MockHttpServletResponse twinAnswer = new MockHttpServletResponse();
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return second.preHandle(twin, twinAnswer, null);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(500);
		assertThat(waiting).as("the twin waits while the first is pending").isNotDone();

		first.postHandle(sent, new MockHttpServletResponse(), null, new ModelAndView("redirect:/portal/my/consents"));
		assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the twin does not act").isFalse();
		assertThat(twinAnswer.getRedirectedUrl()).isEqualTo("/portal/my/consents");
	}

	@Test
	void aSubmissionThatCameBackWithAProblemOnOneReplicaMayBeSentAgainToTheOther() throws Exception {
		MockHttpSession session = new MockHttpSession(null, "session-" + UUID.randomUUID());
		String token = UUID.randomUUID().toString();
		FormSubmissions.Guard first = replica();
		MockHttpServletRequest sent = consentForm(session, token);
		assertThat(first.preHandle(sent, new MockHttpServletResponse(), null)).isTrue();
		first.postHandle(sent, new MockHttpServletResponse(), null, new ModelAndView("portal/my/grant"));

		assertThat(replica().preHandle(consentForm(session, token), new MockHttpServletResponse(), null))
			.as("corrected and sent again, to the other replica: it acts").isTrue();
	}

	@Test
	void theStoredRowsNameNoSessionId() throws Exception {
		String id = "session-" + UUID.randomUUID();
		MockHttpServletRequest sent = consentForm(new MockHttpSession(null, id), UUID.randomUUID().toString());
		assertThat(replica().preHandle(sent, new MockHttpServletResponse(), null)).isTrue();

		assertThat(jdbc.sql("select count(*) from form_submissions where session_key = ?")
			.param(FormSubmissionStore.key(id))
			.query(Long.class)
			.single()).isOne();
		assertThat(jdbc.sql("select count(*) from form_submissions where session_key like ?")
			.param("%" + id + "%")
			.query(Long.class)
			.single()).isZero();
	}

	private static MockHttpServletRequest consentForm(MockHttpSession session, String token) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/portal/my/consents");
		request.setSession(session);
		request.addParameter(FormSubmissions.FIELD, token);
		request.addParameter("categories", "ALLERGIES");
		request.setAttribute(DispatcherServlet.OUTPUT_FLASH_MAP_ATTRIBUTE, new FlashMap());
		return request;
	}
}
