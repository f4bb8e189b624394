package org.carnet.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Role;
import org.carnet.graphql.RecordGraphQlTests;
import org.carnet.identity.Accounts;
import org.carnet.testing.CarnetIntegrationTest;
import org.carnet.testing.GraphQlRequests;
import org.carnet.testing.RecordedNotifications;
import org.carnet.testing.TestUsers;
import org.carnet.testing.TestUsers.SignedIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications the person chooses, from the user's side: the person picks what they are told through the API; a
 * clinician at home, one abroad and one in an emergency read the record; the person's notifications and what the
 * notification sender received are exactly what the choice calls for, one per requester and hour however many reads,
 * and never carry a health value or, in the log, a name.
 */
@CarnetIntegrationTest
class AccessNotificationsGraphQlTests {

	static final String READ = """
			query Read($id: ID!, $purpose: Purpose!) {
			  person(id: $id, purpose: $purpose) { id identity { givenNames } allergies { substance } }
			}""";

	static final String SET = """
			mutation Set($preference: NotificationPreference!) { setNotificationPreference(preference: $preference) }""";

	static final String NOTIFICATIONS = """
			{ myNotifications { id kind actor actorJurisdiction actorOrganisation purpose crossBorder emergency
			    categories accessCount createdAt lastAccessAt read } }""";

	/** A value written in the record that no notification may ever carry. */
	static final String SUBSTANCE = "Notifiable-Peanut-Extract";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	AccessNotices notices;

	@Autowired
	RecordedNotifications sender;

	@Autowired
	JdbcClient jdbc;

	GraphQlRequests graphql;

	TestUsers users;

	SignedIn registrar;

	SignedIn person;

	PersonId personId;

	@BeforeEach
	void aPersonRegisteredInGreeceWithAnAllergy() {
		graphql = new GraphQlRequests(port);
		users = new TestUsers(accounts, port);
		registrar = users.clinician("GR");
		personId = PersonId.parse(graphql.execute(registrar.token(), RecordGraphQlTests.REGISTER,
				Map.of("input", RecordGraphQlTests.registration("GR")))
			.at("/data/registerPerson/personId")
			.asString(), "id");
		JsonNode added = graphql.execute(registrar.token(),
				"mutation($p: ID!, $s: String!) { addAllergy(personId: $p, input: {substance: $s}) { id } }",
				Map.of("p", personId.toString(), "s", SUBSTANCE));
		assertThat(added.has("errors")).as(added.toString()).isFalse();
		person = users.migrant(personId, Jurisdiction.of("GR"));
		// what happened before the person chose is behind us: the registration and the first entry
		notices.catchUp();
	}

	@Test
	void untilThePersonChoosesCrossBorderAndEmergencyAccessesAreTold() {
		assertThat(graphql.execute(person.token(), "{ myNotificationPreference }")
			.at("/data/myNotificationPreference")
			.asString()).isEqualTo("CROSS_BORDER_AND_EMERGENCY");
		SignedIn weber = grantedAbroad();

		read(registrar, "TREATMENT");
		read(weber, "TREATMENT");
		notices.catchUp();

		List<JsonNode> told = accessNotifications();
		assertThat(told).hasSize(1);
		assertThat(told.get(0).at("/actor").asString()).isEqualTo(weber.username());
		assertThat(told.get(0).at("/actorJurisdiction").asString()).isEqualTo("DE");
		assertThat(told.get(0).at("/crossBorder").asBoolean()).isTrue();
		assertThat(told.get(0).at("/emergency").asBoolean()).isFalse();
		assertThat(sender.to(personId)).extracting(NotificationMessage::kind, NotificationMessage::requester)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(NotificationKind.RECORD_ACCESSED, weber.username()));
	}

	@Test
	void everyAccessTellsEachRequesterOncePerHourAndTheMessagesCarryNoHealthValueNorTheLogAName() {
		// the logging sender's own lines, whatever another application started in this JVM did to the logging system
		ch.qos.logback.classic.Logger senderLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(LoggingNotificationSender.class);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
				new ch.qos.logback.core.read.ListAppender<>();
		logged.start();
		senderLog.addAppender(logged);
		senderLog.setLevel(ch.qos.logback.classic.Level.INFO);
		assertThat(set(person, "EVERY_ACCESS").at("/data/setNotificationPreference").asString())
			.isEqualTo("EVERY_ACCESS");
		SignedIn weber = grantedAbroad();

		for (int i = 0; i < 3; i++) {
			assertThat(read(registrar, "TREATMENT").toString()).contains(SUBSTANCE);
		}
		read(weber, "TREATMENT");
		// the person's own reads are not told to them
		graphql.execute(person.token(), "{ myRecord { allergies { substance } } }");
		notices.catchUp();

		List<JsonNode> told = accessNotifications();
		assertThat(told).extracting(n -> n.at("/actor").asString())
			.containsExactlyInAnyOrder(registrar.username(), weber.username());
		JsonNode home = told.stream().filter(n -> n.at("/actor").asString().equals(registrar.username())).findFirst()
			.orElseThrow();
		assertThat(home.at("/accessCount").asInt()).isEqualTo(3);
		assertThat(home.at("/crossBorder").asBoolean()).isFalse();
		assertThat(home.at("/purpose").asString()).isEqualTo("TREATMENT");
		assertThat(home.at("/actorOrganisation").asString()).isEqualTo("test-org-gr");
		assertThat(texts(home.at("/categories"))).containsExactlyInAnyOrder("ALLERGIES", "IDENTITY");

		List<NotificationMessage> sent = sender.to(personId);
		assertThat(sent).hasSize(2);
		NotificationMessage fromHome = sent.stream()
			.filter(m -> m.requester().equals(registrar.username()))
			.findFirst()
			.orElseThrow();
		assertThat(fromHome.kind()).isEqualTo(NotificationKind.RECORD_ACCESSED);
		assertThat(fromHome.requesterName()).contains("Test CLINICIAN");
		assertThat(fromHome.organisationName()).contains("Test organisation GR");
		assertThat(fromHome.country()).contains(Jurisdiction.of("GR"));
		assertThat(fromHome.purpose()).contains(Purpose.TREATMENT);
		assertThat(fromHome.crossBorder()).isFalse();
		assertThat(fromHome.emergency()).isFalse();
		assertThat(fromHome.categories()).isEqualTo(Set.of(Category.ALLERGIES, Category.IDENTITY));
		for (NotificationMessage message : sent) {
			assertThat(message.toString()).doesNotContain(SUBSTANCE, "Amal", "Darwish", "1990-05-17");
		}

		// the logging sender logs ids and the kind: never the requester's or the person's name
		senderLog.detachAppender(logged);
		List<String> lines = logged.list.stream()
			.map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
			.filter(line -> sent.stream().anyMatch(m -> line.contains(m.id().toString())))
			.toList();
		assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).contains(personId.toString(),
				"RECORD_ACCESSED").doesNotContain("Test CLINICIAN", "Test organisation", registrar.username(),
						weber.username(), "Amal", "Darwish", SUBSTANCE));

		// nothing is told twice when the ledger is followed again
		notices.catchUp();
		assertThat(accessNotifications()).hasSize(2);
		assertThat(sender.to(personId)).hasSize(2);
	}

	@Test
	void emergencyOnlyStillTellsEveryEmergencyAccess() {
		set(person, "EMERGENCY_ONLY");
		SignedIn weber = grantedAbroad();
		read(weber, "TREATMENT");
		read(registrar, "TREATMENT");
		notices.catchUp();
		assertThat(accessNotifications()).isEmpty();
		assertThat(sender.to(personId)).isEmpty();

		SignedIn emergency = users.clinician("IT");
		JsonNode opened = graphql.execute(emergency.token(),
				"mutation($p: ID!, $j: String!) { breakGlass(personId: $p, justification: $j) { id } }",
				Map.of("p", personId.toString(), "j", "Unconscious patient in the emergency room, allergies unknown"));
		assertThat(opened.has("errors")).as(opened.toString()).isFalse();
		assertThat(read(emergency, "EMERGENCY").toString()).contains(SUBSTANCE);
		read(emergency, "EMERGENCY");
		notices.catchUp();

		List<JsonNode> told = accessNotifications();
		assertThat(told).hasSize(1);
		assertThat(told.get(0).at("/actor").asString()).isEqualTo(emergency.username());
		assertThat(told.get(0).at("/emergency").asBoolean()).isTrue();
		assertThat(told.get(0).at("/purpose").asString()).isEqualTo("EMERGENCY");
		assertThat(told.get(0).at("/accessCount").asInt()).isEqualTo(2);
		assertThat(sender.to(personId)).extracting(NotificationMessage::kind)
			.containsExactlyInAnyOrder(NotificationKind.BREAK_GLASS, NotificationKind.RECORD_ACCESSED);
		assertThat(sender.to(personId)).allSatisfy(message -> {
			assertThat(message.emergency()).isTrue();
			assertThat(message.requester()).isEqualTo(emergency.username());
			assertThat(message.toString()).doesNotContain(SUBSTANCE, "Unconscious", "Amal");
		});
	}

	@Test
	void onlyThePersonSetsTheirChoiceAndEveryRefusalIsRecorded() {
		long events = changes("SUCCESS");
		for (SignedIn other : List.of(registrar, users.staff(Role.MEDIATOR, "GR"), users.admin())) {
			long refusals = refusals(other);
			JsonNode refused = set(other, "EVERY_ACCESS");
			assertThat(refused.at("/errors/0/extensions/classification").asString()).as(other.username())
				.isEqualTo("FORBIDDEN");
			assertThat(refused.at("/data/setNotificationPreference").isMissingNode()
					|| refused.at("/data/setNotificationPreference").isNull()).isTrue();
			assertThat(refusals(other)).as(other.username()).isEqualTo(refusals + 1);
		}
		assertThat(jdbc.sql("select count(*) from notification_preferences where person_id = ?")
			.param(personId.value())
			.query(Long.class)
			.single()).isZero();
		assertThat(changes("SUCCESS")).isEqualTo(events);

		set(person, "EMERGENCY_ONLY");
		assertThat(changes("SUCCESS")).isEqualTo(events + 1);
		assertThat(graphql.execute(person.token(), "{ myNotificationPreference }")
			.at("/data/myNotificationPreference")
			.asString()).isEqualTo("EMERGENCY_ONLY");
	}

	@Test
	void aFailingSenderNeitherLosesTheNotificationNorTriesForEver() {
		set(person, "EVERY_ACCESS");
		sender.failFor(personId, true);
		try {
			read(registrar, "TREATMENT");
			notices.catchUp();
			assertThat(accessNotifications()).hasSize(1);
			assertThat(sender.to(personId)).isEmpty();

			// each retry once its wait has passed, until the attempts are spent
			for (int attempt = 2; attempt <= 5; attempt++) {
				retryNow();
				notices.catchUp();
			}
			assertThat(delivery()).containsEntry("attempts", 5).containsEntry("givenUp", true);
			retryNow();
			notices.catchUp();
			assertThat(delivery()).containsEntry("attempts", 5);
			assertThat(accessNotifications()).hasSize(1);
		}
		finally {
			sender.failFor(personId, false);
		}

		// a channel that works again delivers the next new notification; the one given up stays in the portal only
		SignedIn weber = grantedAbroad();
		read(weber, "TREATMENT");
		notices.catchUp();
		assertThat(accessNotifications()).hasSize(2);
		assertThat(sender.to(personId)).extracting(NotificationMessage::requester).containsExactly(weber.username());
	}

	/** A clinician acting from Germany to whom the person granted allergies and identity for treatment. */
	private SignedIn grantedAbroad() {
		SignedIn weber = users.clinician("DE");
		JsonNode granted = graphql.execute(person.token(), """
				mutation($g: String!) { grantConsent(input: {grantee: {kind: USER, value: $g},
				  categories: [ALLERGIES, IDENTITY], purposes: [TREATMENT], jurisdictions: ["DE"]}) { id } }""",
				Map.of("g", weber.username()));
		assertThat(granted.has("errors")).as(granted.toString()).isFalse();
		return weber;
	}

	private JsonNode read(SignedIn who, String purpose) {
		return graphql.execute(who.token(), READ, Map.of("id", personId.toString(), "purpose", purpose));
	}

	private JsonNode set(SignedIn who, String preference) {
		return graphql.execute(who.token(), SET, Map.of("preference", preference));
	}

	private List<JsonNode> accessNotifications() {
		JsonNode answer = graphql.execute(person.token(), NOTIFICATIONS);
		assertThat(answer.has("errors")).as(answer.toString()).isFalse();
		List<JsonNode> told = new ArrayList<>();
		answer.at("/data/myNotifications").forEach(n -> {
			if (n.at("/kind").asString().equals("RECORD_ACCESSED")) {
				told.add(n);
			}
		});
		return told;
	}

	private static List<String> texts(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}

	private long changes(String outcome) {
		return jdbc.sql("""
				select count(*) from access_events where action = 'NOTIFICATION_PREFERENCE_CHANGED'
				and outcome = :outcome and person_id = :person""")
			.param("outcome", outcome)
			.param("person", personId.value())
			.query(Long.class)
			.single();
	}

	private long refusals(SignedIn who) {
		return jdbc.sql("""
				select count(*) from access_events where action = 'NOTIFICATION_PREFERENCE_CHANGED'
				and outcome = 'DENIED' and requester_subject = :subject""")
			.param("subject", who.username())
			.query(Long.class)
			.single();
	}

	/** As if the wait before the next attempt had passed. */
	private void retryNow() {
		jdbc.sql("""
				update notifications set next_delivery_at = now() - interval '1 second'
				where person_id = :person and delivered_at is null and delivery_given_up_at is null""")
			.param("person", personId.value())
			.update();
	}

	private Map<String, Object> delivery() {
		return jdbc.sql("""
				select delivery_attempts as attempts, delivery_given_up_at is not null as "givenUp"
				from notifications where person_id = :person and kind = 'RECORD_ACCESSED'""")
			.param("person", personId.value())
			.query()
			.singleRow();
	}
}
