package org.carnet.record;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may erase a record: the person, directly; an administrator only with the person's own recorded request
 * ({@link #request}), or with another administrator's proposal ({@link #propose}) which a DIFFERENT administrator
 * approves. Requests and proposals expire ({@code carnet.erasure.*}); each is carried out at most once. A free-text
 * reference authorises nothing.
 */
@Service
public class ErasureRequests {

	private static final int MAX_REASON = 1000;

	private static final int MIN_PROPOSAL_REASON = 10;

	private static final int MAX_PENDING_LISTED = 200;

	private final ErasureRequestStore store;

	private final PersonStore persons;

	private final ErasureSettings settings;

	private final Clock clock;

	ErasureRequests(ErasureRequestStore store, PersonStore persons, ErasureSettings settings, Clock clock) {
		this.store = store;
		this.persons = persons;
		this.settings = settings;
		this.clock = clock;
	}

	/** The person records their request that their record be erased (for an administrator to carry out). */
	@Transactional
	public ErasureRequest request(Requester person, PersonId id, String reason) {
		if (!person.has(Role.MIGRANT) || !person.is(id) || person.representing()) {
			throw new Forbidden("Only the person asks for their own record to be erased");
		}
		requirePerson(id);
		return insert(id, ErasureRequest.Kind.PERSON_REQUEST, person.subject(), optionalReason(reason),
				settings.requestLifetime().toSeconds());
	}

	/** An administrator proposes erasing a record without the person's recorded request; another must approve. */
	@Transactional
	public ErasureRequest propose(Requester admin, PersonId id, String reason) {
		requireAdmin(admin);
		requirePerson(id);
		Optional<String> why = optionalReason(reason);
		if (why.isEmpty() || why.get().length() < MIN_PROPOSAL_REASON) {
			throw new BadInput("reason", "say why the record must be erased without the person's own request (at "
					+ "least " + MIN_PROPOSAL_REASON + " characters)");
		}
		return insert(id, ErasureRequest.Kind.ADMIN_PROPOSAL, admin.subject(), why,
				settings.proposalLifetime().toSeconds());
	}

	/**
	 * Checks that {@code reference} authorises {@code admin} to erase {@code person}: a pending request of that
	 * person, or a pending proposal by another administrator. Inside a transaction the row stays locked until it
	 * ends, so that it is carried out once ({@link #carriedOut}).
	 */
	@Transactional
	public ErasureRequest authorise(Requester admin, PersonId person, String reference) {
		requireAdmin(admin);
		UUID id = parse(reference, "requestReference");
		ErasureRequest request = store.findForUpdate(id)
			.filter(found -> found.person().equals(person))
			.orElseThrow(() -> new BadInput("requestReference", "names no erasure request or proposal for this "
					+ "person: record one first (requestErasure by the person, or proposeErasure)"));
		switch (request.statusAt(now())) {
			case CARRIED_OUT:
				throw new BadInput("requestReference", "this request was already carried out");
			case EXPIRED:
				throw new BadInput("requestReference", "this request expired on " + request.expiresAt()
						+ "; record a new one");
			default:
				break;
		}
		if (request.kind() == ErasureRequest.Kind.ADMIN_PROPOSAL && request.requestedBy().equals(admin.subject())) {
			throw new Forbidden("You proposed this erasure: a different administrator must approve it");
		}
		return request;
	}

	/** Marks the request carried out, in the caller's transaction (with the erasure itself). */
	@Transactional
	public void carriedOut(ErasureRequest request, Requester admin) {
		if (!store.carriedOut(request.id(), admin.subject(), now())) {
			throw new BadInput("requestReference", "this request was already carried out");
		}
	}

	@Transactional(readOnly = true)
	public Optional<ErasureRequest> find(UUID id) {
		return store.find(id);
	}

	/** Administrators: what awaits carrying out or approval, oldest first (at most 200). */
	@Transactional(readOnly = true)
	public List<ErasureRequest> pending(Requester admin) {
		requireAdmin(admin);
		return store.pending(now(), MAX_PENDING_LISTED);
	}

	/** Where the request stands now. */
	public ErasureRequest.Status statusNow(ErasureRequest request) {
		return request.statusAt(now());
	}

	/** The id a reference names, or bad input on {@code field}: free text authorises nothing. */
	public static UUID parse(String reference, String field) {
		String text = reference == null ? "" : reference.strip();
		if (text.isEmpty()) {
			throw new BadInput(field, "an administrator erases a record only with the id of the "
					+ "person's recorded request (requestErasure) or approves another administrator's proposal "
					+ "(approveErasure)");
		}
		try {
			if (text.length() == 36) {
				return UUID.fromString(text);
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw new BadInput(field, "is not the id of a recorded erasure request or proposal; free text "
				+ "authorises no erasure");
	}

	private ErasureRequest insert(PersonId id, ErasureRequest.Kind kind, String by, Optional<String> reason,
			long lifetimeSeconds) {
		Instant now = now();
		ErasureRequest request = new ErasureRequest(UUID.randomUUID(), id, kind, by, reason, now,
				now.plusSeconds(lifetimeSeconds), Optional.empty(), Optional.empty());
		store.insert(request);
		return request;
	}

	private void requirePerson(PersonId id) {
		if (persons.find(id).isEmpty()) {
			throw new NotFound("No person has this id");
		}
	}

	private static Optional<String> optionalReason(String reason) {
		Optional<String> why = Optional.ofNullable(reason).map(String::strip).filter(text -> !text.isEmpty());
		if (why.isPresent() && why.get().length() > MAX_REASON) {
			throw new BadInput("reason", "at most " + MAX_REASON + " characters");
		}
		return why;
	}

	private static void requireAdmin(Requester requester) {
		if (!requester.has(Role.ADMIN)) {
			throw new Forbidden("Only an administrator carries out or proposes an erasure");
		}
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}
