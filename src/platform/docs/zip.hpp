// ZIP archives (PKZIP, APPNOTE 6.3), written entry by entry to a sink so that an archive of any size
// is streamed (for instance as the chunks of an HTTP response) and never held whole in memory. Used
// for the funders' files (issue 18).
// Each entry is deflated (zlib raw deflate) when that makes it smaller, otherwise stored; its name is
// UTF-8 (general purpose flag bit 11) and its date is the DOS date and time of a unix time read in
// Europe/Paris. The sizes and the CRC-32 are in the local header (the whole entry is known when it is
// added: no data descriptor). No ZIP64: an entry or an archive over 4 GiB, or more than 65 535
// entries, is refused (std::length_error).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace trame::docs {

// Receives the archive's bytes in order.
using ZipSink = std::function<void(std::string_view bytes)>;

class ZipWriter {
 public:
  explicit ZipWriter(ZipSink sink) : sink_(std::move(sink)) {}

  // Writes one file: its local header then its (compressed) data. `name` is a relative path with
  // '/' separators; an empty name, a name with "..", a leading '/', a backslash or a NUL is refused
  // (std::invalid_argument), as is adding after finish() (std::logic_error).
  void add(std::string_view name, std::string_view data, long long modified_unix, bool compress = true);
  // Writes the central directory and the end record; nothing may be added afterwards.
  void finish();

  std::size_t entries() const { return entries_.size(); }
  std::uint64_t bytes_written() const { return offset_; }
  bool finished() const { return finished_; }

 private:
  struct Entry {
    std::string name;
    std::uint32_t crc = 0;
    std::uint32_t compressed = 0;
    std::uint32_t size = 0;
    std::uint16_t method = 0;
    std::uint16_t time = 0;
    std::uint16_t date = 0;
    std::uint32_t offset = 0;
  };
  void emit(std::string_view bytes);
  ZipSink sink_;
  std::vector<Entry> entries_;
  std::uint64_t offset_ = 0;
  bool finished_ = false;
};

// CRC-32 (ISO 3309, as ZIP uses it) of the bytes.
std::uint32_t zip_crc32(std::string_view data);
// Raw deflate (no zlib header) at the default level, and its inverse (throws std::runtime_error on
// corrupt data; `expected_size` is a hint).
std::string raw_deflate(std::string_view data);
std::string raw_inflate(std::string_view data, std::size_t expected_size = 0);
// DOS time (bits: hour 11-15, minute 5-10, second / 2 0-4) and date (year - 1980 9-15, month 5-8,
// day 0-4) of a unix time in local time (Europe/Paris); times before 1980 give 1980-01-01 00:00.
struct DosDateTime {
  std::uint16_t time = 0;
  std::uint16_t date = 0;
};
DosDateTime dos_date_time(long long unix_seconds);

// An archive read back (tests, checks): every entry's name, method, CRC, sizes and inflated data,
// from the central directory. Throws std::runtime_error on anything malformed or a CRC that does
// not match.
struct ZipEntryRead {
  std::string name;
  std::uint16_t method = 0;
  std::uint16_t flags = 0;
  std::uint32_t crc = 0;
  std::uint32_t compressed = 0;
  std::uint32_t size = 0;
  DosDateTime modified;
  std::string data;
};
std::vector<ZipEntryRead> read_zip(std::string_view archive);

}  // namespace trame::docs
