package org.carnet.graphql.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import graphql.GraphQLContext;
import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.consent.Access;
import org.carnet.consent.BreakGlass;
import org.carnet.consent.ConsentGrant;
import org.carnet.consent.ConsentPolicies;
import org.carnet.consent.ConsentRequest;
import org.carnet.consent.ConsentRequestId;
import org.carnet.consent.ConsentRequestStatus;
import org.carnet.consent.ConsentRequests;
import org.carnet.consent.CreateShareCode;
import org.carnet.consent.EmergencyAccess;
import org.carnet.consent.GrantConsent;
import org.carnet.consent.GrantId;
import org.carnet.consent.GrantStatus;
import org.carnet.consent.Grantee;
import org.carnet.consent.GranteeProfile;
import org.carnet.consent.Grantees;
import org.carnet.consent.Grants;
import org.carnet.consent.IssuedShareCode;
import org.carnet.consent.Notification;
import org.carnet.consent.NotificationId;
import org.carnet.consent.NotificationKind;
import org.carnet.consent.NotificationPreference;
import org.carnet.consent.NotificationPreferences;
import org.carnet.consent.Notifications;
import org.carnet.consent.RequestConsent;
import org.carnet.consent.ShareCodes;
import org.carnet.consent.StatisticsAgreement;
import org.carnet.consent.StatisticsAgreements;
import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.graphql.AuditTrail;
import org.carnet.graphql.RequestScope;
import org.carnet.record.Person;
import org.carnet.record.Records;

import org.springframework.context.MessageSource;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Consent through the API: grants, requests, share codes, break-glass and the person's notifications. */
@Controller
class ConsentController {

	private final Grants grants;

	private final ConsentRequests requests;

	private final ShareCodes shareCodes;

	private final BreakGlass breakGlass;

	private final Notifications notifications;

	private final Grantees grantees;

	private final Records records;

	private final StatisticsAgreements statistics;

	private final NotificationPreferences preferences;

	private final AuditTrail audit;

	private final ConsentPolicies policies;

	private final MessageSource messages;

	private final Clock clock;

	ConsentController(Grants grants, ConsentRequests requests, ShareCodes shareCodes, BreakGlass breakGlass,
			Notifications notifications, Grantees grantees, Records records, StatisticsAgreements statistics,
			NotificationPreferences preferences, AuditTrail audit, ConsentPolicies policies, MessageSource messages,
			Optional<Clock> clock) {
		this.preferences = preferences;
		this.audit = audit;
		this.messages = messages;
		this.policies = policies;
		this.statistics = statistics;
		this.grantees = grantees;
		this.grants = grants;
		this.requests = requests;
		this.shareCodes = shareCodes;
		this.breakGlass = breakGlass;
		this.notifications = notifications;
		this.records = records;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** {@code GranteeInput}: who a grant is for. */
	record GranteeInput(Grantee.Kind kind, String value) {

		Grantee grantee() {
			return new Grantee(kind, value);
		}
	}

	/** {@code GrantConsentInput}: what the signed-in person grants. */
	record GrantConsentInput(GranteeInput grantee, List<Category> categories, Access access, List<Purpose> purposes,
			List<Jurisdiction> jurisdictions, OffsetDateTime validFrom, OffsetDateTime validUntil,
			List<Category> coarseCategories) {
	}

	/** {@code RequestConsentInput}: a clinician's request or a mediator's proposal. */
	record RequestConsentInput(String personId, List<Category> categories, Access access, List<Purpose> purposes,
			String reason, Integer durationDays, GranteeInput grantee, List<Jurisdiction> jurisdictions,
			List<Category> coarseCategories) {
	}

	/** {@code CreateShareCodeInput}: what a share code grants to the clinician who redeems it. */
	record CreateShareCodeInput(List<Category> categories, Access access, List<Purpose> purposes,
			Integer grantDurationDays) {
	}

	@QueryMapping
	List<ConsentGrant> myConsents(@Argument List<GrantStatus> status, GraphQLContext context) {
		Person person = ownRecord(context);
		return status == null || status.isEmpty() ? grants.history(person.id())
				: grants.history(person.id(), EnumSet.copyOf(status));
	}

	@QueryMapping
	List<ConsentRequest> myConsentRequests(@Argument List<ConsentRequestStatus> status, GraphQLContext context) {
		Person person = ownRecord(context);
		Instant now = clock.instant();
		return requests.forPerson(person.id())
			.stream()
			.filter(request -> status == null || status.isEmpty() || status.contains(request.statusAt(now)))
			.toList();
	}

	@QueryMapping
	List<ConsentRequest> mySentConsentRequests(GraphQLContext context) {
		return requests.sentBy(requester(context));
	}

	@QueryMapping
	List<Notification> myNotifications(GraphQLContext context) {
		return notifications.notifications(ownRecord(context).id());
	}

	@MutationMapping
	ConsentGrant grantConsent(@Argument GrantConsentInput input, GraphQLContext context) {
		Requester requester = requester(context);
		Person person = ownRecord(context);
		GrantConsent consent = new GrantConsent(grantee(input.grantee()), set(input.categories()),
				access(input.access()), set(input.purposes()), set(input.jurisdictions()), instant(input.validFrom()),
				instant(input.validUntil()), coarse(input.coarseCategories()));
		try {
			return audit.change(scope(context), scope(context).operation("grantConsent"),
					AccessAction.CONSENT_GRANTED,
					() -> grants.grant(requester, person.id(), person.homeJurisdiction(), consent),
					grant -> event(context, AccessAction.CONSENT_GRANTED, grant.person(), grant.home())
						.withGrants(List.of(grant.id().value()))
						.withTarget(target(grant.grantee())));
		}
		catch (BadInput ex) {
			// a grant to nobody (or otherwise invalid) concerns the person's record: recorded, nothing stored
			audit.refused(scope(context), scope(context).operation("grantConsent"),
					AccessEvent.of(requester, AccessAction.CONSENT_GRANTED, AccessOutcome.DENIED)
						.about(person.id(), person.homeJurisdiction()));
			throw ex;
		}
	}

	@QueryMapping
	List<GranteeProfile> grantees(@Argument String search, @Argument Integer first, GraphQLContext context) {
		return grantees.search(requester(context), search, first);
	}

	@SchemaMapping(typeName = "Grantee", field = "kind")
	Grantee.Kind granteeKind(Object grantee) {
		return granteeOf(grantee).kind();
	}

	@SchemaMapping(typeName = "Grantee", field = "value")
	String granteeValue(Object grantee) {
		return granteeOf(grantee).value();
	}

	@SchemaMapping(typeName = "Grantee", field = "displayName")
	String granteeName(Object grantee) {
		return profile(grantee).map(GranteeProfile::displayName).orElse(null);
	}

	@SchemaMapping(typeName = "Grantee", field = "organisationName")
	String granteeOrganisation(Object grantee) {
		return profile(grantee).flatMap(GranteeProfile::organisationName).orElse(null);
	}

	@SchemaMapping(typeName = "Grantee", field = "country")
	Jurisdiction granteeCountry(Object grantee) {
		return profile(grantee).flatMap(GranteeProfile::country).orElse(null);
	}

	/** A Grantee field's source: a grant's grantee, or a search's answer. */
	private static Grantee granteeOf(Object source) {
		return source instanceof GranteeProfile profile ? profile.grantee() : (Grantee) source;
	}

	private Optional<GranteeProfile> profile(Object source) {
		return source instanceof GranteeProfile profile ? Optional.of(profile)
				: grantees.describe((Grantee) source);
	}

	@MutationMapping
	ConsentGrant revokeConsent(@Argument String id, @Argument String reason, GraphQLContext context) {
		return audit.change(scope(context), scope(context).operation("revokeConsent"), AccessAction.CONSENT_REVOKED,
				() -> grants.revoke(requester(context), GrantId.parse(id, "id"), reason),
				grant -> event(context, AccessAction.CONSENT_REVOKED, grant.person(), grant.home())
					.withGrants(List.of(grant.id().value())));
	}

	@MutationMapping
	ConsentRequest requestConsent(@Argument RequestConsentInput input, GraphQLContext context) {
		Requester requester = requester(context);
		Person person = person(input.personId(), "input.personId");
		RequestConsent request = new RequestConsent(set(input.categories()), access(input.access()),
				set(input.purposes()), input.reason(), days(input.durationDays()),
				Optional.ofNullable(input.grantee()).map(ConsentController::grantee), set(input.jurisdictions()),
				coarse(input.coarseCategories()));
		return audit.change(scope(context), scope(context).operation("requestConsent"),
				AccessAction.CONSENT_REQUESTED,
				AccessEvent.of(requester, AccessAction.CONSENT_REQUESTED, AccessOutcome.DENIED)
					.about(person.id(), person.homeJurisdiction()),
				() -> requests.request(requester, person.id(), person.homeJurisdiction(), request),
				asked -> proposed(asked, event(context, AccessAction.CONSENT_REQUESTED, asked.person(), asked.home())
					.withPurpose(asked.purposes().size() == 1 ? asked.purposes().iterator().next() : null)));
	}

	@MutationMapping
	ConsentRequest answerConsentRequest(@Argument String id, @Argument boolean approve, GraphQLContext context) {
		return audit.change(scope(context), scope(context).operation("answerConsentRequest"),
				AccessAction.CONSENT_ANSWERED,
				() -> requests.answer(requester(context), ConsentRequestId.parse(id, "id"), approve),
				answered -> approved(answered, event(context, AccessAction.CONSENT_ANSWERED, answered.person(),
						answered.home())
					.withGrants(answered.grant().map(g -> List.of(g.value())).orElse(List.of()))));
	}

	@MutationMapping
	IssuedShareCode createShareCode(@Argument CreateShareCodeInput input, GraphQLContext context) {
		Person person = ownRecord(context);
		CreateShareCode terms = new CreateShareCode(set(input.categories()), access(input.access()),
				set(input.purposes()), days(input.grantDurationDays()));
		return audit.change(scope(context), scope(context).operation("createShareCode"),
				AccessAction.SHARE_CODE_CREATED,
				() -> shareCodes.create(requester(context), person.id(), person.homeJurisdiction(), terms),
				code -> event(context, AccessAction.SHARE_CODE_CREATED, person.id(), person.homeJurisdiction()));
	}

	@MutationMapping
	ConsentGrant redeemShareCode(@Argument String code, GraphQLContext context) {
		RequestScope scope = scope(context);
		ConsentGrant grant;
		try {
			// the redemption commits its grant and counts failures in transactions of its own
			grant = shareCodes.redeem(scope.requester(), code);
		}
		catch (BadInput | Forbidden ex) {
			audit.refused(scope, scope.operation("redeemShareCode"),
					AccessEvent.of(scope.requester(), AccessAction.SHARE_CODE_FAILED, AccessOutcome.DENIED));
			throw ex;
		}
		audit.append(scope, scope.operation("redeemShareCode"),
				event(context, AccessAction.SHARE_CODE_REDEEMED, grant.person(), grant.home())
					.withGrants(List.of(grant.id().value())));
		return grant;
	}

	@MutationMapping
	EmergencyAccess breakGlass(@Argument String personId, @Argument String justification, GraphQLContext context) {
		Person person = person(personId, "personId");
		// a refusal names the person; a repeated opening returns the open access, and its event records the
		// justification given this time (checked by the opening), not the first one
		return audit.change(scope(context), scope(context).operation("breakGlass"), AccessAction.BREAK_GLASS,
				AccessEvent.of(requester(context), AccessAction.BREAK_GLASS, AccessOutcome.DENIED)
					.about(person.id(), person.homeJurisdiction())
					.withPurpose(Purpose.EMERGENCY),
				() -> breakGlass.open(requester(context), person.id(), person.homeJurisdiction(), justification),
				access -> event(context, AccessAction.BREAK_GLASS, access.person(), access.home())
					.withPurpose(Purpose.EMERGENCY)
					.withBreakGlassJustification(justification.strip().replaceAll("\\s+", " ")));
	}

	/** The change and its event commit together; a refusal (the policy allows no opt-out) is a DENIED event. */
	@MutationMapping
	boolean setBreakGlassOptOut(@Argument boolean optOut, GraphQLContext context) {
		Person person = ownRecord(context);
		AccessAction action = optOut ? AccessAction.BREAK_GLASS_OPTED_OUT : AccessAction.BREAK_GLASS_OPTED_IN;
		return audit.change(scope(context), scope(context).operation("setBreakGlassOptOut"), action,
				AccessEvent.of(requester(context), action, AccessOutcome.DENIED)
					.about(person.id(), person.homeJurisdiction()),
				() -> {
					if (optOut) {
						breakGlass.optOut(requester(context), person.id(), person.homeJurisdiction());
					}
					else {
						breakGlass.optIn(requester(context), person.id());
					}
					return breakGlass.hasOptedOut(person.id());
				}, optedOut -> event(context, action, person.id(), person.homeJurisdiction()));
	}

	@QueryMapping
	StatisticsAgreement myStatisticsConsent(GraphQLContext context) {
		return statistics.of(ownRecord(context).id());
	}

	/**
	 * The person opts in to statistics, changes the categories, or withdraws (none): the change, the person's
	 * recomputed or removed contribution and the event (CONSENT_GRANTED, or CONSENT_REVOKED when none is left, purpose
	 * PUBLIC_HEALTH, target {@code statistics:PUBLIC_HEALTH}) commit together. Anyone but the person is refused, and
	 * the refusal is recorded.
	 */
	@MutationMapping
	StatisticsAgreement setStatisticsConsent(@Argument List<Category> categories, GraphQLContext context) {
		Set<Category> chosen = set(categories);
		AccessAction action = chosen.isEmpty() ? AccessAction.CONSENT_REVOKED : AccessAction.CONSENT_GRANTED;
		RequestScope scope = scope(context);
		String operation = scope.operation("setStatisticsConsent");
		AccessEvent refusal = AccessEvent.of(requester(context), action, AccessOutcome.DENIED)
			.withPurpose(Purpose.PUBLIC_HEALTH)
			.withTarget(AccessEvent.statisticsTarget());
		Person person = ownRecordOrRefused(context, operation, refusal);
		try {
			return audit.change(scope, operation, action,
					refusal.about(person.id(), person.homeJurisdiction()),
					() -> statistics.set(requester(context), person.id(), person.homeJurisdiction(), chosen),
					agreement -> event(context, action, person.id(), person.homeJurisdiction())
						.withPurpose(Purpose.PUBLIC_HEALTH)
						.withTarget(AccessEvent.statisticsTarget()));
		}
		catch (BadInput ex) {
			audit.refused(scope, operation, refusal.about(person.id(), person.homeJurisdiction()));
			throw ex;
		}
	}

	@SchemaMapping(typeName = "StatisticsConsent", field = "offeredCategories")
	List<Category> offeredCategories(StatisticsAgreement agreement) {
		return StatisticsAgreements.OFFERED.stream().sorted().toList();
	}

	@SchemaMapping(typeName = "StatisticsConsent", field = "categories")
	List<Category> statisticsCategories(StatisticsAgreement agreement) {
		return agreement.categories().stream().sorted().toList();
	}

	@SchemaMapping(typeName = "StatisticsConsent", field = "since")
	Instant statisticsSince(StatisticsAgreement agreement) {
		return agreement.since().orElse(null);
	}

	@QueryMapping
	NotificationPreference myNotificationPreference(GraphQLContext context) {
		return preferences.of(ownRecord(context).id());
	}

	/**
	 * The person chooses which accesses they are told about: the choice and its event
	 * (NOTIFICATION_PREFERENCE_CHANGED) commit together. Anyone but the person is refused, nothing is written, and the
	 * refusal is recorded.
	 */
	@MutationMapping
	NotificationPreference setNotificationPreference(@Argument NotificationPreference preference,
			GraphQLContext context) {
		RequestScope scope = scope(context);
		String operation = scope.operation("setNotificationPreference");
		AccessEvent refusal = AccessEvent.of(requester(context), AccessAction.NOTIFICATION_PREFERENCE_CHANGED,
				AccessOutcome.DENIED);
		Person person = ownRecordOrRefused(context, operation, refusal);
		return audit.change(scope, operation, AccessAction.NOTIFICATION_PREFERENCE_CHANGED,
				refusal.about(person.id(), person.homeJurisdiction()),
				() -> preferences.set(requester(context), person.id(), preference),
				stored -> event(context, AccessAction.NOTIFICATION_PREFERENCE_CHANGED, person.id(),
						person.homeJurisdiction()));
	}

	@MutationMapping
	Notification markNotificationRead(@Argument String id, GraphQLContext context) {
		Person person = ownRecord(context);
		NotificationId notification = NotificationId.parse(id, "id");
		notifications.markRead(requester(context), notification);
		return notifications.notifications(person.id())
			.stream()
			.filter(n -> n.id().equals(notification))
			.findFirst()
			.orElseThrow(() -> new NotFound("No such notification of yours"));
	}

	// Fields whose names or shapes differ from the consent module's records.

	@SchemaMapping(typeName = "ConsentGrant", field = "personId")
	String grantPerson(ConsentGrant grant) {
		return grant.person().toString();
	}

	@SchemaMapping(typeName = "ConsentGrant", field = "status")
	GrantStatus grantStatus(ConsentGrant grant) {
		return grant.statusAt(clock.instant());
	}

	@SchemaMapping(typeName = "ConsentGrant", field = "revokedAt")
	Instant revokedAt(ConsentGrant grant) {
		return grant.revocation().map(r -> r.at()).orElse(null);
	}

	@SchemaMapping(typeName = "ConsentGrant", field = "revokedBy")
	String revokedBy(ConsentGrant grant) {
		return grant.revocation().map(r -> r.by()).orElse(null);
	}

	@SchemaMapping(typeName = "ConsentGrant", field = "revocationReason")
	String revocationReason(ConsentGrant grant) {
		return grant.revocation().flatMap(r -> r.reason()).orElse(null);
	}

	@SchemaMapping(typeName = "ConsentRequest", field = "personId")
	String requestPerson(ConsentRequest request) {
		return request.person().toString();
	}

	@SchemaMapping(typeName = "ConsentRequest", field = "status")
	ConsentRequestStatus requestStatus(ConsentRequest request) {
		return request.statusAt(clock.instant());
	}

	@SchemaMapping(typeName = "ConsentRequest", field = "grantDurationDays")
	long requestDays(ConsentRequest request) {
		return request.grantDuration().toDays();
	}

	/**
	 * The grant approval created. Where the person's home policy hides restrictions, a requester is not shown it:
	 * its state would tell them whether the person revoked it.
	 */
	@SchemaMapping(typeName = "ConsentRequest", field = "grant")
	ConsentGrant requestGrant(ConsentRequest request, GraphQLContext context) {
		Requester requester = requester(context);
		if (!requester.is(request.person()) && policies.of(request.home()).restrictionsHidden()) {
			return null;
		}
		return request.grant().flatMap(grants::find).orElse(null);
	}

	/** The languages {@code whatIsNotShared} speaks. */
	private static final List<String> LANGUAGES = List.of("en", "fr", "ar", "fa", "uk");

	/** {@code CategoryEffect}: what a grantee will not see of one category, and why it can matter for care. */
	record CategoryEffect(Category category, boolean coarse, String explanation) {
	}

	/**
	 * What the grantee will not see while this grant is the one they hold: every category it does not open (all of
	 * them once it is revoked or expired), and the categories it opens coarse only; one sentence each, in the
	 * person's language.
	 */
	@SchemaMapping(typeName = "ConsentGrant", field = "whatIsNotShared")
	List<CategoryEffect> whatIsNotShared(ConsentGrant grant, @Argument String language) {
		String tag = language == null ? "en" : language.strip().toLowerCase(Locale.ROOT);
		if (!LANGUAGES.contains(tag)) {
			throw new BadInput("language", "one of " + String.join(", ", LANGUAGES));
		}
		Locale locale = Locale.forLanguageTag(tag);
		GrantStatus status = grant.statusAt(clock.instant());
		boolean ended = status == GrantStatus.REVOKED || status == GrantStatus.EXPIRED;
		List<CategoryEffect> effects = new ArrayList<>();
		for (Category category : Category.values()) {
			if (ended || !grant.categories().contains(category)) {
				effects.add(new CategoryEffect(category, false,
						messages.getMessage("restriction." + category.name(), null, locale)));
			}
			else if (grant.coarseCategories().contains(category)) {
				effects.add(new CategoryEffect(category, true,
						messages.getMessage("restriction.coarse." + category.name(), null, locale)));
			}
		}
		return effects;
	}

	/** The coarse categories as chosen; not given: the default (identity coarse for a health mediator). */
	private static Optional<Set<Category>> coarse(List<Category> chosen) {
		return Optional.ofNullable(chosen).map(ConsentController::set);
	}

	@SchemaMapping(typeName = "ShareCode", field = "grantDurationDays")
	long shareCodeDays(IssuedShareCode code) {
		return code.grantDuration().toDays();
	}

	@SchemaMapping(typeName = "EmergencyAccess", field = "personId")
	String emergencyPerson(EmergencyAccess access) {
		return access.person().toString();
	}

	@SchemaMapping(typeName = "Notification", field = "referenceId")
	String notificationReference(Notification notification) {
		return notification.reference().map(Object::toString).orElse(null);
	}

	@SchemaMapping(typeName = "Notification", field = "read")
	boolean notificationRead(Notification notification) {
		return notification.readAt().isPresent();
	}

	@SchemaMapping(typeName = "Notification", field = "actorOrganisation")
	String notificationOrganisation(Notification notification) {
		return notification.accesses().flatMap(Notification.Accesses::organisation).orElse(null);
	}

	@SchemaMapping(typeName = "Notification", field = "purpose")
	Purpose notificationPurpose(Notification notification) {
		return notification.accesses()
			.map(Notification.Accesses::purpose)
			.orElse(notification.kind() == NotificationKind.BREAK_GLASS ? Purpose.EMERGENCY : null);
	}

	@SchemaMapping(typeName = "Notification", field = "crossBorder")
	boolean notificationCrossBorder(Notification notification) {
		return notification.accesses().map(Notification.Accesses::crossBorder).orElse(false);
	}

	@SchemaMapping(typeName = "Notification", field = "emergency")
	boolean notificationEmergency(Notification notification) {
		return notification.kind() == NotificationKind.BREAK_GLASS
				|| notification.accesses().map(Notification.Accesses::emergency).orElse(false);
	}

	@SchemaMapping(typeName = "Notification", field = "categories")
	List<Category> notificationCategories(Notification notification) {
		return notification.accesses().map(a -> a.categories().stream().sorted().toList()).orElse(List.of());
	}

	@SchemaMapping(typeName = "Notification", field = "accessCount")
	int notificationCount(Notification notification) {
		return notification.accesses().map(Notification.Accesses::count).orElse(1);
	}

	@SchemaMapping(typeName = "Notification", field = "lastAccessAt")
	Instant notificationLastAccess(Notification notification) {
		return notification.accesses().map(Notification.Accesses::lastAt).orElse(notification.createdAt());
	}

	private static Requester requester(GraphQLContext context) {
		return RequestScope.of(context).requester();
	}

	private static RequestScope scope(GraphQLContext context) {
		return RequestScope.of(context);
	}

	private static AccessEvent event(GraphQLContext context, AccessAction action, PersonId person, Jurisdiction home) {
		return AccessEvent.of(requester(context), action, AccessOutcome.SUCCESS).about(person, home);
	}

	/** A mediator's proposal names its (checked) grantee, so that it reads as a proposal, not as a request. */
	private static AccessEvent proposed(ConsentRequest request, AccessEvent event) {
		return request.kind() == ConsentRequest.Kind.MEDIATOR_PROPOSAL ? event.withTarget(target(request.grantee()))
				: event;
	}

	/** An approval names the grantee of the grant it created. */
	private static AccessEvent approved(ConsentRequest request, AccessEvent event) {
		return request.grant().isPresent() ? event.withTarget(target(request.grantee())) : event;
	}

	/** The grantee as the typed id the ledger's {@code target} holds (never a display name). */
	private static String target(Grantee grantee) {
		return switch (grantee.kind()) {
			case USER -> AccessEvent.userTarget(grantee.value());
			case ORGANISATION -> AccessEvent.organisationTarget(grantee.value());
			case ANY_CLINICIAN_IN -> AccessEvent.cliniciansInTarget(Jurisdiction.of(grantee.value()));
		};
	}

	/** The signed-in person's own record; anyone else is refused, and the refusal (naming no person) recorded. */
	private Person ownRecordOrRefused(GraphQLContext context, String operation, AccessEvent refusal) {
		try {
			return ownRecord(context);
		}
		catch (Forbidden ex) {
			audit.refused(scope(context), operation, refusal);
			throw ex;
		}
	}

	/** The signed-in person's own record: consent is managed by the person. */
	private Person ownRecord(GraphQLContext context) {
		PersonId own = scope(context).ownRecord("Only the person manages consent to their record");
		return records.find(own).orElseThrow(() -> new NotFound("Your record no longer exists"));
	}

	private Person person(String id, String field) {
		return records.find(PersonId.parse(id, field)).orElseThrow(() -> new NotFound("No person has this id"));
	}

	private static Grantee grantee(GranteeInput input) {
		if (input == null) {
			throw new BadInput("input.grantee", "is required");
		}
		return input.grantee();
	}

	/** A list input as a set; absent: empty. */
	private static <T> Set<T> set(List<T> values) {
		return values == null ? Set.of() : Set.copyOf(values);
	}

	/** An explicit {@code access: null} means the default, as an absent one does. */
	private static Access access(Access access) {
		return access == null ? Access.READ : access;
	}

	private static Optional<Instant> instant(OffsetDateTime time) {
		return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
	}

	private static Optional<Duration> days(Integer days) {
		return Optional.ofNullable(days).map(Duration::ofDays);
	}
}
