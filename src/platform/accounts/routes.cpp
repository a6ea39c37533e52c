#include <cctype>
#include <set>

#include "platform/accounts/service.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/qr.hpp"
#include "platform/http/location.hpp"
#include "platform/web/app.hpp"

namespace trame::accounts {

namespace {

using web::Context;
using web::Data;

// Where to go after login: a path of this site (never the login pages themselves).
std::string safe_next(const std::string& next) {
  std::string target = http::same_site_location(next, "/tableau-de-bord");
  if (target.rfind("/connexion", 0) == 0 || target.rfind("/deconnexion", 0) == 0) return "/tableau-de-bord";
  return target;
}

http::Response login_page(Context& ctx, const std::string& error, const std::string& email, int status) {
  Data data{Data::type::object};
  data.set("email", email);
  data.set("next", ctx.req.query_param("suivant").value_or(ctx.form.get("suivant")));
  if (!error.empty()) data.set("error", error);
  return ctx.render("platform/accounts/login", data, ctx.t("login.title"), status);
}

http::Response password_form(Context& ctx, const std::string& view, const std::string& title, Data data,
                             const Outcome& outcome, int status) {
  if (!outcome.ok) {
    data.set("error", ctx.t(outcome.error));
    data.set("error_" + (outcome.field.empty() ? std::string("form") : outcome.field), ctx.t(outcome.error));
  }
  return ctx.render(view, data, title, status);
}

// "role\x1forganisation\n…" (as repositories list them) → "Référent·e — Cultures du Cœur 94 ; …".
std::string role_labels(const Context& ctx, const std::string& encoded) {
  std::string out;
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    auto end = encoded.find('\n', pos);
    std::string item = encoded.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    auto sep = item.find('\x1f');
    if (sep != std::string::npos)
      out += (out.empty() ? "" : " ; ") + ctx.t("roles." + item.substr(0, sep)) + " — " + item.substr(sep + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

// The chosen language, remembered for a year.
void remember_language(Context& ctx, const std::string& locale) {
  http::Cookie c;
  c.name = "trame_lang";
  c.value = locale;
  c.max_age = 365 * 24 * 3600;
  c.secure = ctx.app.config.https;
  ctx.cookies.push_back(c);
}

Data role_options(const Context& ctx, const std::string& selected) {
  return web::options(ctx, web::all_roles(), "roles.", selected);
}

}  // namespace

void register_routes(web::App& app, Service& service, OrganisationChoices orgs_given) {
  auto orgs = std::make_shared<OrganisationChoices>(std::move(orgs_given));
  // ---- Login, second factor, logout --------------------------------------------------------
  app.get("/connexion", web::perm::public_access, [](Context& ctx) {
    if (ctx.user && !ctx.user->mfa_pending) return ctx.redirect("/tableau-de-bord");
    return login_page(ctx, "", "", 200);
  });

  app.post("/connexion", web::perm::public_access, [&service](Context& ctx) {
    std::string email = ctx.form.get("email");
    auto result = service.login(email, ctx.form.get("password"), ctx.client_ip(), ctx.req.header("user-agent"));
    switch (result.status) {
      case LoginResult::Status::rate_limited: return login_page(ctx, ctx.t("accounts.errors.rate_limited"), email, 429);
      case LoginResult::Status::invalid: return login_page(ctx, ctx.t("accounts.errors.invalid_login"), email, 422);
      case LoginResult::Status::ok:
      case LoginResult::Status::mfa_required: break;
    }
    // The old session (if any) ends: the token is rotated at every login.
    if (ctx.user) service.logout(ctx.user->session_id, web::actor_of(ctx));
    ctx.cookies.push_back(ctx.app.session_cookie(result.token, -1));
    std::string next = safe_next(ctx.form.get("suivant"));
    if (result.status == LoginResult::Status::mfa_required)
      return ctx.redirect("/connexion/code?suivant=" + web::url_encode(next, "/"));
    return ctx.redirect(next);
  });

  app.get("/connexion/code", web::perm::mfa_pending, [](Context& ctx) {
    Data data{Data::type::object};
    data.set("next", ctx.req.query_param("suivant").value_or(""));
    return ctx.render("platform/accounts/second_factor", data, ctx.t("mfa.login_title"));
  });

  app.post("/connexion/code", web::perm::mfa_pending, [&service](Context& ctx) {
    auto outcome =
        service.verify_second_factor(ctx.me().session_id, ctx.me().id, ctx.form.get("code"), ctx.client_ip());
    if (!outcome.ok) {
      Data data{Data::type::object};
      data.set("next", ctx.form.get("suivant"));
      data.set("error", ctx.t(outcome.error));
      return ctx.render("platform/accounts/second_factor", data, ctx.t("mfa.login_title"), web::status_of(outcome));
    }
    return ctx.redirect(safe_next(ctx.form.get("suivant")));
  });

  auto logout = [&service](Context& ctx) {
    if (ctx.user) service.logout(ctx.user->session_id, web::actor_of(ctx));
    ctx.cookies.push_back(ctx.app.session_cookie("", 0));
    ctx.flash("success", ctx.t("flash.logged_out"));
    return ctx.redirect("/connexion");
  };
  app.post("/deconnexion", web::perm::authenticated, logout, {.before_mfa_enrolment = true});
  app.post("/connexion/annuler", web::perm::mfa_pending, logout);

  app.post("/langue", web::perm::public_access, [](Context& ctx) {
    remember_language(ctx, ctx.form.get("locale") == "en" ? "en" : "fr");
    return ctx.redirect(ctx.form.get("back").empty() ? "/" : ctx.form.get("back"));
  });

  // ---- Password reset -------------------------------------------------------------------
  app.get("/mot-de-passe-oublie", web::perm::public_access, [](Context& ctx) {
    return ctx.render("platform/accounts/forgot", Data{Data::type::object}, ctx.t("reset.title"));
  });

  app.post("/mot-de-passe-oublie", web::perm::public_access, [&service](Context& ctx) {
    std::string email = ctx.form.get("email");
    if (!service.request_reset(email, ctx.client_ip(), ctx.locale)) {
      Data data{Data::type::object};
      data.set("error", ctx.t("accounts.errors.rate_limited"));
      return ctx.render("platform/accounts/forgot", data, ctx.t("reset.title"), 429);
    }
    // The same answer whether or not the address has an account.
    ctx.flash("info", ctx.t("reset.sent"));
    return ctx.redirect("/connexion");
  });

  app.get("/reinitialisation/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string& token = ctx.req.params.at("token");
    if (!service.reset_token_valid(token)) return ctx.error(404, ctx.t("accounts.errors.link_invalid"));
    Data data{Data::type::object};
    data.set("action", "/reinitialisation/" + token);
    return ctx.render("platform/accounts/reset", data, ctx.t("reset.choose_title"));
  });

  app.post("/reinitialisation/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string& token = ctx.req.params.at("token");
    auto outcome =
        service.reset_password(token, ctx.form.get("password"), ctx.form.get("password_confirm"), ctx.client_ip());
    return web::finish(ctx, outcome, "reset.done", "/connexion", [&](const Outcome& failed, int status) {
      Data data{Data::type::object};
      data.set("action", "/reinitialisation/" + token);
      return password_form(ctx, "platform/accounts/reset", ctx.t("reset.choose_title"), data, failed, status);
    });
  });

  // ---- Invitations (accepting) --------------------------------------------------------------
  app.get("/invitation/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string& token = ctx.req.params.at("token");
    auto inv = service.find_invitation(token);
    if (!inv) return ctx.error(404, ctx.t("accounts.errors.link_invalid"));
    Data data{Data::type::object};
    data.set("action", "/invitation/" + token);
    data.set("email", inv->email);
    data.set("name", inv->name);
    data.set("organisation", inv->organisation_name);
    data.set("role", ctx.t("roles." + inv->role));
    return ctx.render("platform/accounts/accept_invitation", data, ctx.t("invitation.accept_title"));
  });

  app.post("/invitation/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string& token = ctx.req.params.at("token");
    auto inv = service.find_invitation(token);
    if (!inv) return ctx.error(404, ctx.t("accounts.errors.link_invalid"));
    auto outcome = service.accept_invitation(token, ctx.form.get("name"), ctx.form.get("password"),
                                             ctx.form.get("password_confirm"), ctx.client_ip());
    return web::finish(ctx, outcome, "invitation.accepted", "/connexion", [&](const Outcome& failed, int status) {
      Data data{Data::type::object};
      data.set("action", "/invitation/" + token);
      data.set("email", inv->email);
      data.set("name", ctx.form.get("name"));
      data.set("organisation", inv->organisation_name);
      data.set("role", ctx.t("roles." + inv->role));
      return password_form(ctx, "platform/accounts/accept_invitation", ctx.t("invitation.accept_title"), data, failed,
                           status);
    });
  });

  // ---- My account -------------------------------------------------------------------------
  auto account_page = [&service](Context& ctx, const Outcome& pw_outcome, int status) {
    auto user = service.find_user(ctx.me().id);
    Data data{Data::type::object};
    data.set("name", user ? user->name : "");
    data.set("email", user ? user->email : "");
    data.set("locales", web::options(ctx, {"fr", "en"}, "locales.", user ? user->locale : "fr"));
    data.set("mfa_enabled", web::flag(user && user->totp_enabled));
    Data roles{Data::type::list};
    for (const auto& m : ctx.me().memberships) {
      Data r{Data::type::object};
      r.set("role", ctx.t("roles." + m.role));
      r.set("organisation", m.organisation_name);
      roles.push_back(r);
    }
    data.set("memberships", roles);
    auto profile = service.directory_profile(ctx.me().id);
    if (!profile.job_title.empty()) data.set("job_title", profile.job_title);
    data.set("profile_visible", web::flag(profile.visible != 0));
    return password_form(ctx, "platform/accounts/account", ctx.t("account.title"), data, pw_outcome, status);
  };

  app.get("/compte", web::perm::authenticated,
          [account_page](Context& ctx) { return account_page(ctx, Outcome::success(), 200); },
          {.before_mfa_enrolment = true});

  app.post("/compte/profil", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome =
        service.update_profile(web::actor_of(ctx), ctx.me().id, ctx.form.get("name"), ctx.form.get("locale"));
    if (outcome.ok) remember_language(ctx, ctx.form.get("locale"));
    return web::finish(ctx, outcome, "account.profile_saved", "/compte", web::back_to(ctx, "/compte"));
  });

  app.post("/compte/profil-annuaire", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.update_directory_profile(web::actor_of(ctx), ctx.me().id, ctx.form.get("job_title"),
                                                    ctx.form.has("profile_visible"));
    return web::finish(ctx, outcome, "profile.saved", "/compte", web::back_to(ctx, "/compte"));
  });

  // People who chose to show their professional profile in the directory.
  app.get("/annuaire/personnes", web::perm::authenticated, [&service](Context& ctx) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    std::string query = ctx.req.query_param("q").value_or("");
    long long total = 0;
    Data rows{Data::type::list};
    for (const auto& p : service.visible_profiles(query, page, per_page, total)) {
      Data row{Data::type::object};
      row.set("name", p.name);
      if (!p.job_title.empty()) row.set("job_title", p.job_title);
      std::string orgs = role_labels(ctx, p.organisations);
      row.set("organisations", orgs);
      rows.push_back(row);
    }
    Data data{Data::type::object};
    data.set("people", rows);
    data.set("empty", web::flag(total == 0));
    data.set("q", query);
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/annuaire/personnes?q=" + query + "&"));
    return ctx.render("platform/accounts/people", data, ctx.t("profile.people_title"));
  });

  app.post("/compte/mot-de-passe", web::perm::authenticated,
           [&service, account_page](Context& ctx) {
             auto outcome = service.change_password(web::actor_of(ctx), ctx.me().id, ctx.me().session_id,
                                                    ctx.form.get("current_password"), ctx.form.get("password"),
                                                    ctx.form.get("password_confirm"));
             return web::finish(ctx, outcome, "account.password_changed", "/compte",
                                [&](const Outcome& failed, int status) { return account_page(ctx, failed, status); });
           },
           {.before_mfa_enrolment = true});

  // ---- Second factor ------------------------------------------------------------------------
  auto mfa_page = [&service](Context& ctx, const std::string& error, int status) {
    auto user = service.find_user(ctx.me().id);
    Data data{Data::type::object};
    if (user && user->totp_enabled) {
      data.set("enabled", web::flag(true));
    } else {
      auto enrolment = service.begin_totp(ctx.me().id);
      data.set("secret", enrolment.secret);
      data.set("uri", enrolment.uri);
      data.set("qr", docs::qr_svg(enrolment.uri, ctx.t("mfa.qr_title")));
      data.set("required", web::flag(ctx.me().must_enrol_mfa));
    }
    if (!error.empty()) data.set("error", error);
    return ctx.render("platform/accounts/second_factor_setup", data, ctx.t("mfa.title"), status);
  };

  app.get("/compte/double-authentification", web::perm::authenticated,
          [mfa_page](Context& ctx) { return mfa_page(ctx, "", 200); }, {.before_mfa_enrolment = true});

  app.post("/compte/double-authentification", web::perm::authenticated,
           [&service, mfa_page](Context& ctx) {
             auto outcome = service.confirm_totp(web::actor_of(ctx), ctx.me().id, ctx.form.get("code"));
             return web::finish(ctx, outcome, "mfa.enabled", "/compte", [&](const Outcome& failed, int status) {
               return mfa_page(ctx, ctx.t(failed.error), status);
             });
           },
           {.before_mfa_enrolment = true});

  app.post("/compte/double-authentification/desactiver", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.disable_totp(web::actor_of(ctx), ctx.me().id, ctx.form.get("password"));
    return web::finish(ctx, outcome, "mfa.disabled", "/compte", web::back_to(ctx, "/compte/double-authentification"));
  });

  // ---- Sessions ---------------------------------------------------------------------------
  app.get("/compte/sessions", web::perm::authenticated,
          [&service](Context& ctx) {
            Data rows{Data::type::list};
            for (const auto& s : service.sessions_of(ctx.me().id)) {
              Data row{Data::type::object};
              row.set("id", std::to_string(s.id));
              row.set("created", web::format_datetime(s.created_at, ctx.locale));
              row.set("last_seen", web::format_datetime(s.last_seen_at, ctx.locale));
              row.set("ip", s.ip);
              row.set("agent", s.user_agent.empty() ? "—" : s.user_agent.substr(0, 80));
              row.set("current", web::flag(s.id == ctx.me().session_id));
              row.set("revoke_url", "/compte/sessions/" + std::to_string(s.id) + "/revoquer");
              rows.push_back(row);
            }
            Data data{Data::type::object};
            data.set("sessions", rows);
            return ctx.render("platform/accounts/sessions", data, ctx.t("sessions.title"));
          },
          {.before_mfa_enrolment = true});

  app.post("/compte/sessions/{id:int}/revoquer", web::perm::authenticated,
           [&service](Context& ctx) {
             auto outcome = service.revoke_session(web::actor_of(ctx), ctx.me().id, ctx.req.int_param("id"));
             return web::finish(ctx, outcome, "sessions.revoked", "/compte/sessions",
                                web::back_to(ctx, "/compte/sessions"));
           },
           {.before_mfa_enrolment = true});

  app.post("/compte/sessions/deconnecter-partout", web::perm::authenticated,
           [&service](Context& ctx) {
             int n = service.revoke_other_sessions(web::actor_of(ctx), ctx.me().id, ctx.me().session_id);
             return web::finish_with(ctx, Outcome::success(), "sessions.revoked_all", {{"count", std::to_string(n)}},
                                     "/compte/sessions", web::back_to(ctx, "/compte/sessions"));
           },
           {.before_mfa_enrolment = true});

  // ---- Administration: users, invitations, security --------------------------------------
  // The organisations a form offers. Up to kPickAll active organisations: all of them in the select. More (a
  // national network: 10,000, a 750 KB page): a search field (GET ?organisation_q=, no JavaScript) and the
  // select holds the first kPickShown whose name contains the folded words, plus the one already chosen.
  constexpr std::size_t kPickAll = 200, kPickShown = 50;
  auto organisation_options = [orgs](const Context& ctx, long long selected, Data& picker) {
    Data list{Data::type::list};
    auto all = orgs->active();
    bool search = all.size() > kPickAll;
    std::string q = ctx.req.query_param("organisation_q").value_or("");
    std::string folded = fold_for_search(q);
    std::size_t shown = 0, matches = 0;
    for (const auto& [oid, name] : all) {
      bool match = !search || (!folded.empty() && fold_for_search(name).find(folded) != std::string::npos);
      if (match) ++matches;
      if (oid != selected && (!match || shown >= kPickShown)) continue;
      if (match) ++shown;
      Data item{Data::type::object};
      item.set("value", std::to_string(oid));
      item.set("label", name);
      item.set("selected", web::flag(oid == selected));
      list.push_back(item);
    }
    picker.set("organisations", list);
    picker.set("organisation_search", web::flag(search));
    picker.set("organisation_q", q);
    if (search && folded.empty()) picker.set("organisation_hint", ctx.t("users.organisation_hint"));
    if (search && !folded.empty() && matches == 0) picker.set("organisation_hint", ctx.t("users.organisation_none"));
    if (matches > shown)
      picker.set("organisation_hint", ctx.t("users.organisation_more",
                                            {{"shown", std::to_string(shown)}, {"count", std::to_string(matches)}}));
  };

  auto users_page = [&service, organisation_options](Context& ctx, const Outcome& invite_outcome, int status) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    std::string query = ctx.req.query_param("q").value_or("");
    long long total = 0;
    Data rows{Data::type::list};
    for (const auto& u : service.users(query, page, per_page, total)) {
      Data row{Data::type::object};
      row.set("name", u.name);
      row.set("email", u.email);
      row.set("url", "/admin/utilisateurs/" + std::to_string(u.id));
      row.set("disabled", web::flag(u.disabled != 0));
      row.set("mfa", web::flag(u.totp_enabled != 0));
      std::string roles = role_labels(ctx, u.roles);
      row.set("roles", roles);
      rows.push_back(row);
    }
    Data invitations{Data::type::list};
    bool any_invitation = false;
    for (const auto& inv : service.pending_invitations()) {
      Data row{Data::type::object};
      row.set("email", inv.email);
      row.set("name", inv.name);
      row.set("organisation", inv.organisation_name);
      row.set("role", ctx.t("roles." + inv.role));
      row.set("expires", web::format_datetime(inv.expires_at, ctx.locale));
      invitations.push_back(row);
      any_invitation = true;
    }
    Data data{Data::type::object};
    data.set("users", rows);
    data.set("q", query);
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/admin/utilisateurs?q=" + query + "&"));
    data.set("invitations", invitations);
    data.set("has_invitations", web::flag(any_invitation));
    data.set("roles", role_options(ctx, ctx.form.get("role").empty() ? "referent" : ctx.form.get("role")));
    organisation_options(ctx, web::parse_id(ctx.form.get("organisation")), data);
    data.set("invite_email", ctx.form.get("email"));
    data.set("invite_name", ctx.form.get("name"));
    if (!invite_outcome.ok) data.set("invite_error", ctx.t(invite_outcome.error));
    return ctx.render("platform/accounts/users", data, ctx.t("users.title"), status);
  };

  app.get("/admin/utilisateurs", web::perm::users_manage,
          [users_page](Context& ctx) { return users_page(ctx, Outcome::success(), 200); });

  app.post("/admin/invitations", web::perm::users_manage, [&service, users_page](Context& ctx) {
    auto outcome = service.invite(web::actor_of(ctx), ctx.form.get("email"), ctx.form.get("name"),
                                  web::parse_id(ctx.form.get("organisation")), ctx.form.get("role"), ctx.locale);
    return web::finish_with(ctx, outcome, "invitation.sent", {{"email", ctx.form.get("email")}}, "/admin/utilisateurs",
                            [&](const Outcome& failed, int status) { return users_page(ctx, failed, status); });
  });

  app.get("/admin/utilisateurs/{id:int}", web::perm::users_manage,
          [&service, orgs, organisation_options](Context& ctx) {
            long long id = ctx.req.int_param("id");
            auto user = service.find_user(id);
            if (!user) return ctx.error(404);
            Data data{Data::type::object};
            data.set("id", std::to_string(id));
            data.set("name", user->name);
            data.set("email", user->email);
            data.set("disabled", web::flag(user->disabled != 0));
            data.set("mfa", web::flag(user->totp_enabled != 0));
            data.set("is_self", web::flag(id == ctx.me().id));
            Data memberships{Data::type::list};
            auto coordinators = orgs->coordinator_delegations(id);  // the délégation a coordinator is limited to
            auto delegations = coordinators.empty() ? decltype(orgs->delegations()){} : orgs->delegations();
            for (const auto& m : service.memberships(id)) {
              Data row{Data::type::object};
              row.set("role", ctx.t("roles." + m.role));
              row.set("organisation", m.organisation_name);
              for (const auto& [membership_id, delegation_id] : coordinators) {
                if (membership_id != m.id) continue;
                row.set("membership_id", std::to_string(m.id));
                row.set("delegation_url",
                        "/admin/utilisateurs/" + std::to_string(id) + "/roles/" + std::to_string(m.id) + "/delegation");
                Data choices{Data::type::list};
                for (const auto& [did, label] : delegations) {
                  Data o{Data::type::object};
                  o.set("value", std::to_string(did));
                  o.set("label", label);
                  o.set("selected", web::flag(did == delegation_id));
                  choices.push_back(o);
                }
                row.set("delegations", choices);
              }
              row.set("remove_url",
                      "/admin/utilisateurs/" + std::to_string(id) + "/roles/" + std::to_string(m.id) + "/retirer");
              memberships.push_back(row);
            }
            data.set("memberships", memberships);
            data.set("roles", role_options(ctx, "referent"));
            organisation_options(ctx, 0, data);
            return ctx.render("platform/accounts/user", data, user->name);
          });

  app.post("/admin/utilisateurs/{id:int}/desactiver", web::perm::users_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.set_disabled(web::actor_of(ctx), id, true);
    const std::string page = "/admin/utilisateurs/" + std::to_string(id);
    return web::finish(ctx, outcome, "users.disabled_done", page, web::back_to(ctx, page));
  });

  app.post("/admin/utilisateurs/{id:int}/reactiver", web::perm::users_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.set_disabled(web::actor_of(ctx), id, false);
    const std::string page = "/admin/utilisateurs/" + std::to_string(id);
    return web::finish(ctx, outcome, "users.enabled_done", page, web::back_to(ctx, page));
  });

  app.post("/admin/utilisateurs/{id:int}/roles", web::perm::users_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.add_role(web::actor_of(ctx), id, web::parse_id(ctx.form.get("organisation")), ctx.form.get("role"));
    const std::string page = "/admin/utilisateurs/" + std::to_string(id);
    return web::finish(ctx, outcome, "users.role_added", page, web::back_to(ctx, page));
  });

  app.post("/admin/utilisateurs/{id:int}/roles/{membership:int}/retirer", web::perm::users_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.remove_role(web::actor_of(ctx), id, ctx.req.int_param("membership"));
             const std::string page = "/admin/utilisateurs/" + std::to_string(id);
             return web::finish(ctx, outcome, "users.role_removed", page, web::back_to(ctx, page));
           });

  app.get("/admin/securite", web::perm::security_manage, [&service](Context& ctx) {
    auto required = service.mfa_required_roles();
    Data roles{Data::type::list};
    for (const auto& r : web::all_roles()) {
      Data row{Data::type::object};
      row.set("value", r);
      row.set("label", ctx.t("roles." + r));
      row.set("checked", web::flag(required.count(r) > 0));
      roles.push_back(row);
    }
    Data data{Data::type::object};
    data.set("roles", roles);
    return ctx.render("platform/accounts/security", data, ctx.t("security.title"));
  });

  app.post("/admin/securite", web::perm::security_manage, [&service](Context& ctx) {
    auto values = ctx.form.all("mfa_roles");
    std::set<std::string> roles(values.begin(), values.end());
    auto outcome = service.set_mfa_required_roles(web::actor_of(ctx), roles);
    return web::finish(ctx, outcome, "security.saved", "/admin/securite", web::back_to(ctx, "/admin/securite"));
  });
}

}  // namespace trame::accounts
