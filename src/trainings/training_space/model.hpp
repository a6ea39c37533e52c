// The toolbox of a session (resources by module) and its group space (threads, replies, e-mail notifications).
// Plain data of the training_space module.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trame::training_space {

inline constexpr std::size_t kMaxFileBytes = 10 * 1024 * 1024;  // 10 MiB
inline constexpr std::size_t kMaxTitle = 200;                   // characters
inline constexpr std::size_t kMaxUrl = 2000;                    // bytes
inline constexpr std::size_t kMaxNote = 20000;                  // characters of a markdown note
inline constexpr std::size_t kMaxMessage = 5000;                // characters of a thread's message or a reply
inline constexpr long long kResourcesPerPage = 30;
inline constexpr long long kThreadsPerPage = 20;
inline constexpr long long kPostsPerPage = 20;

// The types a toolbox (or a group's shared file) accepts, recognised by their bytes.
const std::vector<std::string>& accepted_types();

// An absolute http:// or https:// URL with a host, without blanks or control characters.
bool valid_link(std::string_view url);

// A resource of the toolbox. kind: file, link, note. module_id 0: "Général"; shared: shared from
// the group space ("Partagé par le groupe").
struct Resource {
  long long id = 0;
  long long session_id = 0;
  long long module_id = 0;
  std::string module_title;  // read only
  int module_position = 0;   // read only
  std::string kind;
  std::string title;
  std::string url;
  std::string body;  // markdown, for notes
  std::string file_name;
  std::string content_type;
  std::string bytes;  // only when downloading or adding
  long long size_bytes = 0;
  std::string sha256;
  bool shared = false;
  bool deleted = false;
  long long created_by = 0;
  std::string created_by_name;  // read only
  long long created_at = 0;
};

// What a staff member adds to the toolbox (from the form).
struct NewResource {
  std::string kind;         // file, link, note
  long long module_id = 0;  // 0: Général
  std::string title;
  std::string url;
  std::string body;
  std::string file_name;
  std::string bytes;
};

// A file attached to a message of the group space (empty bytes: none).
struct Attachment {
  std::string file_name;
  std::string bytes;
};

struct Module {
  long long id = 0;
  int position = 0;
  std::string title;
};

// Where threads live: a session's group space (owner: the session) or a programme's alumni space
// (owner: the programme, src/trainings/alumni). Same code, each kind in its own tables.
enum class SpaceKind { group, alumni };
struct Space {
  SpaceKind kind = SpaceKind::group;
  long long owner_id = 0;  // the session (group) or the programme (alumni)
};

struct Thread {
  long long id = 0;
  long long session_id = 0;  // the space's owner: the session (group) or the programme (alumni)
  std::string title;
  long long author_id = 0;
  std::string author_name;  // read only
  long long created_at = 0;
  long long last_post_at = 0;
  int posts = 0;
};

struct Post {
  long long id = 0;
  long long thread_id = 0;
  long long author_id = 0;
  std::string author_name;  // read only
  std::string body;
  long long resource_id = 0;
  std::string resource_name;  // read only: the shared file's name
  bool resource_deleted = false;
  bool deleted = false;  // removed by a moderator (alumni spaces)
  long long created_at = 0;
};

// A member of the group space who may receive its e-mails.
struct Member {
  long long user_id = 0;
  std::string email;
  std::string name;
  std::string locale;
  bool muted = false;
};

}  // namespace trame::training_space
