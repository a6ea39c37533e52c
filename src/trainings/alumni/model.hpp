// Plain data of the alumni module: a programme's alumni space and who may do what in it.
#pragma once
#include <string>

namespace trame::alumni {

// The programme an alumni space belongs to.
struct ProgrammeInfo {
  long long id = 0;
  std::string title;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string status;  // draft, published, archived
};

// What a signed-in person is to a programme's alumni space.
struct Access {
  ProgrammeInfo programme;
  bool manager = false;   // manages the organiser (or an administrator): reads, writes, moderates
  bool trainer = false;   // trains (or trained) a session of the programme: reads, writes
  bool eligible = false;  // completed a session of the programme: may join
  bool member = false;    // joined (and did not leave)
  bool applied = false;   // has an application, whatever its state, in a session of the programme
  bool staff() const { return manager || trainer; }
  // Reads the threads and writes in them.
  bool reads() const { return member || staff(); }
  // May open the page at all (else 404, as a missing programme).
  bool sees() const { return programme.status == "published" || staff() || applied || member; }
};

}  // namespace trame::alumni
