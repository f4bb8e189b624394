package org.carnet.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who can be named as a grantee, for the consent module: enabled users and clinic systems by subject, organisations
 * by id with the roles of their members, and a bounded search by name. Answers only what a grantee is shown by:
 * never passwords, person ids or contact data.
 */
@Service
public class Directory {

	/** Roles that never act under a grant, so such users are never offered. */
	private static final String NEVER = " arrayoverlap(u.roles, array['MIGRANT','AUDITOR','ADMIN']::text[]) ";

	private final JdbcClient jdbc;

	Directory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A directory entry.
	 *
	 * @param id the user name, client id or organisation id
	 * @param organisation true for an organisation
	 * @param displayName the user's display name, the clinic system's name, or the organisation's name
	 * @param organisationName for a user or clinic system, its organisation's name
	 * @param country where the entry acts from (its organisation's country)
	 * @param roles a user's or client's roles; for an organisation, what its enabled members hold
	 */
	public record Entry(String id, boolean organisation, String displayName, Optional<String> organisationName,
			Optional<Jurisdiction> country, Set<Role> roles) {
	}

	/** The enabled user, or the clinic system, whose token carries this subject. */
	@Transactional(readOnly = true)
	public Optional<Entry> subject(String subject) {
		if (subject == null || subject.isBlank() || subject.length() > 200) {
			return Optional.empty();
		}
		Optional<Entry> user = jdbc.sql("""
				select u.username, u.display_name, u.roles, o.name as organisation_name, o.jurisdiction
				from users u left join organisations o on o.id = u.organisation_id
				where u.username = :subject and u.enabled""")
			.param("subject", subject.strip().toLowerCase(Locale.ROOT))
			.query(Directory::user)
			.optional();
		if (user.isPresent()) {
			return user;
		}
		return jdbc.sql("""
				select c.client_id, r.client_name, o.name as organisation_name, o.jurisdiction
				from clinic_clients c join organisations o on o.id = c.organisation_id
				join oauth2_registered_client r on r.client_id = c.client_id
				where c.client_id = :subject""")
			.param("subject", subject.strip())
			.query((rs, n) -> new Entry(rs.getString("client_id"), false, rs.getString("client_name"),
					Optional.of(rs.getString("organisation_name")),
					Optional.of(Jurisdiction.of(rs.getString("jurisdiction"))), Set.of(Role.CLINICIAN)))
			.optional();
	}

	/** The organisation with this id, with the roles its enabled members (and clinic systems: CLINICIAN) hold. */
	@Transactional(readOnly = true)
	public Optional<Entry> organisation(String id) {
		if (id == null || id.isBlank() || id.length() > 64) {
			return Optional.empty();
		}
		return jdbc.sql(ORGANISATIONS + " where o.id = :id")
			.param("id", id.strip())
			.query(Directory::organisation)
			.optional();
	}

	/**
	 * Organisations with clinicians or mediators whose name contains {@code text}, or whose id is {@code text}, or
	 * acting from the country coded {@code text}; and clinicians and mediators matched the same way by display name,
	 * organisation name, user name or country. At most {@code limit} in all: organisations take at most half unless
	 * fewer users match, so that neither crowds the other out.
	 */
	@Transactional(readOnly = true)
	public List<Entry> search(String text, int limit) {
		String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		String exact = text.strip().toLowerCase(Locale.ROOT);
		String country = text.strip().toUpperCase(Locale.ROOT);
		List<Entry> organisations = jdbc.sql(ORGANISATIONS + """
				 where (o.name ilike :pattern or o.id = :exact or o.jurisdiction = :country)
				order by lower(o.name), o.id limit :limit""")
			.param("pattern", pattern)
			.param("exact", exact)
			.param("country", country)
			.param("limit", limit)
			.query(Directory::organisation)
			.list()
			.stream()
			.filter(entry -> !entry.roles().isEmpty())
			.toList();
		List<Entry> users = jdbc.sql("""
				select u.username, u.display_name, u.roles, o.name as organisation_name, o.jurisdiction
				from users u join organisations o on o.id = u.organisation_id
				where u.enabled and arrayoverlap(u.roles, array['CLINICIAN','MEDIATOR']::text[]) and not """ + NEVER + """
				  and (u.display_name ilike :pattern or o.name ilike :pattern or u.username = :exact
				       or o.jurisdiction = :country)
				order by u.username = :exact desc, lower(u.display_name), u.username limit :limit""")
			.param("pattern", pattern)
			.param("exact", exact)
			.param("country", country)
			.param("limit", limit)
			.query(Directory::user)
			.list();
		int organisationsFirst = Math.min(organisations.size(), Math.max(1, limit / 2));
		List<Entry> found = new ArrayList<>(organisations.subList(0, organisationsFirst));
		users.stream().limit(limit - found.size()).forEach(found::add);
		organisations.stream().skip(organisationsFirst).limit(limit - found.size()).forEach(found::add);
		return found;
	}

	private static final String ORGANISATIONS = """
			select o.id, o.name, o.jurisdiction,
			  exists (select 1 from users u where u.organisation_id = o.id and u.enabled
			          and 'CLINICIAN' = any(u.roles) and not """ + NEVER + """
			  ) or exists (select 1 from clinic_clients c where c.organisation_id = o.id) as has_clinicians,
			  exists (select 1 from users u where u.organisation_id = o.id and u.enabled
			          and 'MEDIATOR' = any(u.roles) and not """ + NEVER + """
			  ) as has_mediators
			from organisations o""";

	private static Entry user(ResultSet rs, int row) throws SQLException {
		Array array = rs.getArray("roles");
		Set<Role> roles = EnumSet.noneOf(Role.class);
		Arrays.stream((String[]) array.getArray()).map(Role::valueOf).forEach(roles::add);
		String jurisdiction = rs.getString("jurisdiction");
		return new Entry(rs.getString("username"), false, rs.getString("display_name"),
				Optional.ofNullable(rs.getString("organisation_name")),
				Optional.ofNullable(jurisdiction).map(Jurisdiction::of), roles);
	}

	private static Entry organisation(ResultSet rs, int row) throws SQLException {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		if (rs.getBoolean("has_clinicians")) {
			roles.add(Role.CLINICIAN);
		}
		if (rs.getBoolean("has_mediators")) {
			roles.add(Role.MEDIATOR);
		}
		return new Entry(rs.getString("id"), true, rs.getString("name"), Optional.empty(),
				Optional.of(Jurisdiction.of(rs.getString("jurisdiction"))), roles);
	}
}
