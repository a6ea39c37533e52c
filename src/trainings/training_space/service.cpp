#include "trainings/training_space/service.hpp"

#include <algorithm>

#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/http/form.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"

namespace trame::training_space {

const std::vector<std::string>& accepted_types() {
  static const std::vector<std::string> types = {docs::kPdf,  docs::kPng,  docs::kJpeg, docs::kWebp,
                                                 docs::kOdt,  docs::kOds,  docs::kOdp,  docs::kDocx,
                                                 docs::kXlsx, docs::kPptx, docs::kText};
  return types;
}

bool valid_link(std::string_view url) {
  if (url.size() > kMaxUrl) return false;
  std::string lower;
  for (char c : url.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t scheme = lower.rfind("https://", 0) == 0 ? 8 : lower.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0) return false;
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  std::string_view rest = url.substr(scheme);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  return !host.empty() && host.front() != ':' && host.front() != '.';
}

namespace {

std::string session_subject(long long id) {
  return "training_session:" + std::to_string(id);
}

// The first `max` characters of a text, with "…" when cut.
std::string excerpt(const std::string& text, std::size_t max) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == max) return text.substr(0, i) + "…";
  }
  return text;
}

// The file's type from its bytes and the name it is kept under (from that type, never from the
// client's extension).
Outcome check_file(const std::string& field, const std::string& bytes, const std::string& client_name,
                   docs::UploadedFile& kept) {
  if (bytes.empty()) return Outcome::failure("training_space.errors.file_missing", field);
  if (bytes.size() > kMaxFileBytes) return Outcome::failure("training_space.errors.file_size", field);
  auto file = docs::identify_upload(bytes, client_name, accepted_types());
  if (!file) return Outcome::failure("training_space.errors.file_type", field);
  kept = std::move(*file);
  return Outcome::success();
}

}  // namespace

std::optional<programmes::SessionAccess> Service::access(const Principal& me, long long session_id) {
  return db_.read([&](soci::session& sql) { return programmes::session_access(sql, &me, session_id); });
}

long long Service::session_of_resource(long long resource_id) {
  return db_.read([&](soci::session& sql) { return repo_.session_of_resource(sql, resource_id); });
}

long long Service::session_of_thread(long long thread_id) {
  return db_.read([&](soci::session& sql) { return repo_.session_of_thread(sql, thread_id); });
}

// ---- Toolbox -----------------------------------------------------------------------------

std::vector<Module> Service::modules(long long programme_id) {
  return db_.read([&](soci::session& sql) { return repo_.modules(sql, programme_id); });
}

std::vector<Resource> Service::resources(long long session_id, long long page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.resources(sql, session_id, (page - 1) * kResourcesPerPage, kResourcesPerPage, total);
  });
}

std::optional<Resource> Service::resource(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.resource(sql, id, true); });
}

Outcome Service::check_access(const Principal& me, long long session_id, bool staff_only,
                              programmes::SessionAccess& access) {
  auto found = this->access(me, session_id);
  if (!found) return Outcome::not_found();
  if (!found->staff() && (staff_only || !found->trainee())) return Outcome::forbidden();
  access = std::move(*found);
  return Outcome::success();
}

Outcome Service::add_resource(const Actor& actor, const Principal& me, long long session_id, NewResource in) {
  programmes::SessionAccess access;
  if (auto allowed = check_access(me, session_id, true, access); !allowed.ok) return allowed;
  Resource r;
  r.session_id = access.session_id;
  r.kind = in.kind;
  r.title = trim(in.title);
  r.module_id = in.module_id;
  if (in.kind != "file" && in.kind != "link" && in.kind != "note")
    return Outcome::failure("training_space.errors.kind", "kind");
  if (in.kind == "file") {
    docs::UploadedFile kept;
    if (auto ok = check_file("file", in.bytes, in.file_name, kept); !ok.ok) return ok;
    r.content_type = kept.type;
    r.file_name = kept.name;
    if (r.title.empty()) r.title = r.file_name;
    r.size_bytes = static_cast<long long>(in.bytes.size());
    r.sha256 = web::sha256_hex(in.bytes);
    r.bytes = std::move(in.bytes);
  }
  if (r.title.empty()) return Outcome::failure("training_space.errors.title_required", "title");
  if (code_points(r.title) > kMaxTitle) return Outcome::failure("training_space.errors.title_too_long", "title");
  if (in.kind == "link") {
    r.url = trim(in.url);
    if (!valid_link(r.url)) return Outcome::failure("training_space.errors.link", "url");
  }
  if (in.kind == "note") {
    r.body = trim(in.body);
    if (r.body.empty()) return Outcome::failure("training_space.errors.note_required", "body");
    if (code_points(r.body) > kMaxNote) return Outcome::failure("training_space.errors.note_too_long", "body");
  }
  return db_.write([&](soci::session& sql) {
    if (r.module_id != 0) {
      auto mods = repo_.modules(sql, access.programme_id);
      if (std::none_of(mods.begin(), mods.end(), [&](const Module& m) { return m.id == r.module_id; }))
        return Outcome::failure("training_space.errors.module", "module");
    }
    r.created_by = actor.id;
    r.created_at = store::now_seconds();
    long long id = repo_.insert_resource(sql, r);
    std::string detail = r.kind + " " + std::to_string(id) + " : " + r.title;
    if (r.kind == "file")
      detail += " (" + r.content_type + ", " + std::to_string(r.size_bytes) + " octets, " + r.sha256 + ")";
    audit_.record(sql, actor, "training_space.resource_added", session_subject(access.session_id), detail);
    return Outcome::success(id);
  });
}

Outcome Service::remove_resource(const Actor& actor, const Principal& me, long long resource_id) {
  long long session_id = session_of_resource(resource_id);
  if (!session_id) return Outcome::not_found();
  programmes::SessionAccess access;
  if (auto allowed = check_access(me, session_id, true, access); !allowed.ok) return allowed;
  return db_.write([&](soci::session& sql) {
    auto r = repo_.resource(sql, resource_id, false);
    if (!r || !repo_.mark_resource_deleted(sql, resource_id)) return Outcome::not_found();
    audit_.record(sql, actor, "training_space.resource_removed", session_subject(r->session_id),
                  r->kind + " " + std::to_string(resource_id) + " : " + r->title);
    return Outcome::success(resource_id);
  });
}

// ---- Group space -------------------------------------------------------------------------

std::vector<Thread> Service::threads(long long session_id, long long page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.threads(sql, session_id, (page - 1) * kThreadsPerPage, kThreadsPerPage, total);
  });
}

std::optional<Thread> Service::thread(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.thread(sql, id); });
}

std::vector<Post> Service::posts(long long thread_id, long long page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.posts(sql, thread_id, (page - 1) * kPostsPerPage, kPostsPerPage, total);
  });
}

Outcome Service::check_message(const std::string& body, const Attachment& file, docs::UploadedFile& kept) const {
  return check_space_message(body, file, kept);
}

Outcome check_space_title(const std::string& title) {
  if (title.empty()) return Outcome::failure("training_space.errors.title_required", "title");
  if (code_points(title) > kMaxTitle) return Outcome::failure("training_space.errors.title_too_long", "title");
  return Outcome::success();
}

Outcome check_space_message(const std::string& body, const Attachment& file, docs::UploadedFile& kept) {
  if (body.empty()) return Outcome::failure("training_space.errors.message_required", "body");
  if (code_points(body) > kMaxMessage) return Outcome::failure("training_space.errors.message_too_long", "body");
  if (!file.bytes.empty()) return check_file("file", file.bytes, file.file_name, kept);
  return Outcome::success();
}

long long Service::share_file(soci::session& sql, const Actor& actor, long long session_id, const Attachment& file,
                              const docs::UploadedFile& kept, long long now) {
  if (file.bytes.empty()) return 0;
  Resource r;
  r.session_id = session_id;
  r.kind = "file";
  r.content_type = kept.type;
  r.file_name = kept.name;
  r.title = r.file_name;
  r.bytes = file.bytes;
  r.size_bytes = static_cast<long long>(file.bytes.size());
  r.sha256 = web::sha256_hex(file.bytes);
  r.shared = true;
  r.created_by = actor.id;
  r.created_at = now;
  long long id = repo_.insert_resource(sql, r);
  audit_.record(sql, actor, "training_space.resource_shared", session_subject(session_id),
                "file " + std::to_string(id) + " : " + r.file_name + " (" + kept.type + ", " +
                    std::to_string(r.size_bytes) + " octets, " + r.sha256 + ")");
  return id;
}

Outcome Service::create_thread(const Actor& actor, const Principal& me, long long session_id,
                               const std::string& title_in, const std::string& body_in, const Attachment& file) {
  programmes::SessionAccess access;
  if (auto allowed = check_access(me, session_id, false, access); !allowed.ok) return allowed;
  std::string title = trim(title_in);
  std::string body = trim(body_in);
  if (title.empty()) return Outcome::failure("training_space.errors.title_required", "title");
  if (code_points(title) > kMaxTitle) return Outcome::failure("training_space.errors.title_too_long", "title");
  docs::UploadedFile kept;
  if (auto ok = check_message(body, file, kept); !ok.ok) return ok;
  return db_.write([&](soci::session& sql) {
    long long now = store::now_seconds();
    Thread t;
    t.session_id = access.session_id;
    t.title = title;
    t.author_id = actor.id;
    t.created_at = now;
    t.id = repo_.insert_thread(sql, t);
    Post p;
    p.thread_id = t.id;
    p.author_id = actor.id;
    p.body = body;
    p.created_at = now;
    p.resource_id = share_file(sql, actor, access.session_id, file, kept, now);
    repo_.insert_post(sql, p);
    repo_.touch_thread(sql, t.id, now);
    audit_.record(sql, actor, "training_space.thread_created", session_subject(access.session_id),
                  "fil " + std::to_string(t.id) + " : " + title);
    notify(sql, access, actor.id, repo_.user_name(sql, actor.id), t, body, true);
    return Outcome::success(t.id);
  });
}

Outcome Service::reply(const Actor& actor, const Principal& me, long long thread_id, const std::string& body_in,
                       const Attachment& file) {
  long long session_id = session_of_thread(thread_id);
  if (!session_id) return Outcome::not_found();
  programmes::SessionAccess access;
  if (auto allowed = check_access(me, session_id, false, access); !allowed.ok) return allowed;
  std::string body = trim(body_in);
  docs::UploadedFile kept;
  if (auto ok = check_message(body, file, kept); !ok.ok) return ok;
  return db_.write([&](soci::session& sql) {
    auto t = repo_.thread(sql, thread_id);
    if (!t || t->session_id != access.session_id) return Outcome::not_found();
    long long now = store::now_seconds();
    Post p;
    p.thread_id = thread_id;
    p.author_id = actor.id;
    p.body = body;
    p.created_at = now;
    p.resource_id = share_file(sql, actor, access.session_id, file, kept, now);
    long long id = repo_.insert_post(sql, p);
    repo_.touch_thread(sql, thread_id, now);
    audit_.record(sql, actor, "training_space.post_added", session_subject(access.session_id),
                  "fil " + std::to_string(thread_id) + ", message " + std::to_string(id));
    notify(sql, access, actor.id, repo_.user_name(sql, actor.id), *t, body, false);
    return Outcome::success(id);
  });
}

void Service::notify(soci::session& sql, const programmes::SessionAccess& access, long long author_id,
                     const std::string& author_name, const Thread& thread, const std::string& body, bool new_thread) {
  std::string group_link = public_url_ + "/formations/sessions/" + std::to_string(access.session_id) + "/groupe";
  std::string kind = new_thread ? "thread" : "reply";
  for (const auto& m : repo_.members(sql, access.session_id, access.organiser_id)) {
    if (m.user_id == author_id || m.muted || m.email.empty()) continue;
    std::string locale = catalogue_.normalise(m.locale);
    web::Params params = {{"session", access.session_title},
                          {"title", thread.title},
                          {"author", author_name},
                          {"message", excerpt(body, 600)},
                          {"link", public_url_ + "/formations/fils/" + std::to_string(thread.id)},
                          {"group_link", group_link}};
    mail_.enqueue(sql, m.email, catalogue_.t(locale, "training_space.mail." + kind + ".subject", params),
                  catalogue_.t(locale, "training_space.mail." + kind + ".body", params) + "\n\n" +
                      catalogue_.t(locale, "training_space.mail.unsubscribe", params));
  }
}

bool Service::muted(long long session_id, long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.muted(sql, session_id, user_id); });
}

Outcome Service::toggle_mail(const Actor& actor, const Principal& me, long long session_id) {
  programmes::SessionAccess access;
  if (auto allowed = check_access(me, session_id, false, access); !allowed.ok) return allowed;
  return db_.write([&](soci::session& sql) {
    bool now_muted = !repo_.muted(sql, access.session_id, actor.id);
    repo_.set_muted(sql, access.session_id, actor.id, now_muted, access.trainee() && !access.staff());
    audit_.record(sql, actor, now_muted ? "training_space.mail_off" : "training_space.mail_on",
                  session_subject(access.session_id));
    return Outcome::success(now_muted ? 1 : 0);
  });
}

long long Service::run_due(long long /*now*/) {
  return 0;
}

}  // namespace trame::training_space
