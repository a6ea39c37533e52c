#include "platform/docs/zip.hpp"

#include <ctime>
#include <limits>
#include <stdexcept>

#include <zlib.h>

namespace trame::docs {

namespace {

constexpr std::uint32_t kLocalSignature = 0x04034b50;
constexpr std::uint32_t kCentralSignature = 0x02014b50;
constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint16_t kUtf8Flag = 1U << 11;
constexpr std::uint16_t kStored = 0;
constexpr std::uint16_t kDeflated = 8;
constexpr std::uint16_t kVersion = 20;  // 2.0: deflate, folders
constexpr std::uint64_t kMax32 = std::numeric_limits<std::uint32_t>::max();

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint16_t get16(std::string_view in, std::size_t at) {
  if (at + 2 > in.size()) throw std::runtime_error("zip: truncated");
  return static_cast<std::uint16_t>(static_cast<unsigned char>(in[at]) | (static_cast<unsigned char>(in[at + 1]) << 8));
}
std::uint32_t get32(std::string_view in, std::size_t at) {
  return static_cast<std::uint32_t>(get16(in, at)) | (static_cast<std::uint32_t>(get16(in, at + 2)) << 16);
}

bool safe_name(std::string_view name) {
  if (name.empty() || name.size() > 0xFFFF || name.front() == '/') return false;
  for (char c : name)
    if (c == '\0' || c == '\\') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::uint32_t zip_crc32(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large buffers in slices.
  std::size_t at = 0;
  while (at < data.size()) {
    std::size_t n = std::min<std::size_t>(data.size() - at, 1U << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data() + at), static_cast<uInt>(n));
    at += n;
  }
  return static_cast<std::uint32_t>(crc);
}

std::string raw_deflate(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zip: deflateInit2 failed");
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  std::size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("zip: deflate failed");
  out.resize(produced);
  return out;
}

std::string raw_inflate(std::string_view data, std::size_t expected_size) {
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) throw std::runtime_error("zip: inflateInit2 failed");
  std::string out;
  std::string buffer(64 * 1024, '\0');
  out.reserve(expected_size);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw std::runtime_error("zip: corrupt deflate data");
    }
    out.append(buffer.data(), buffer.size() - zs.avail_out);
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      throw std::runtime_error("zip: truncated deflate data");
    }
  }
  inflateEnd(&zs);
  return out;
}

DosDateTime dos_date_time(long long unix_seconds) {
  std::time_t tt = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&tt, &tm);
  DosDateTime d;
  if (tm.tm_year < 80) {
    d.date = (1 << 5) | 1;  // 1980-01-01
    return d;
  }
  if (tm.tm_year > 80 + 127) tm.tm_year = 80 + 127;
  d.time = static_cast<std::uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  d.date = static_cast<std::uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  return d;
}

void ZipWriter::emit(std::string_view bytes) {
  if (bytes.empty()) return;
  sink_(bytes);
  offset_ += bytes.size();
}

void ZipWriter::add(std::string_view name, std::string_view data, long long modified_unix, bool compress) {
  if (finished_) throw std::logic_error("zip: entry added after finish()");
  if (!safe_name(name)) throw std::invalid_argument("zip: unsafe entry name");
  if (entries_.size() >= 0xFFFF) throw std::length_error("zip: too many entries (no ZIP64)");
  if (data.size() >= kMax32 || offset_ >= kMax32) throw std::length_error("zip: over 4 GiB (no ZIP64)");
  Entry e;
  e.name = std::string(name);
  e.crc = zip_crc32(data);
  e.size = static_cast<std::uint32_t>(data.size());
  e.offset = static_cast<std::uint32_t>(offset_);
  auto when = dos_date_time(modified_unix);
  e.time = when.time;
  e.date = when.date;
  std::string packed;
  if (compress && !data.empty()) packed = raw_deflate(data);
  std::string_view body = data;
  e.method = kStored;
  if (compress && !data.empty() && packed.size() < data.size()) {
    e.method = kDeflated;
    body = packed;
  }
  e.compressed = static_cast<std::uint32_t>(body.size());

  std::string header;
  header.reserve(30 + e.name.size());
  put32(header, kLocalSignature);
  put16(header, kVersion);
  put16(header, kUtf8Flag);
  put16(header, e.method);
  put16(header, e.time);
  put16(header, e.date);
  put32(header, e.crc);
  put32(header, e.compressed);
  put32(header, e.size);
  put16(header, static_cast<std::uint16_t>(e.name.size()));
  put16(header, 0);  // no extra field
  header += e.name;
  emit(header);
  emit(body);
  entries_.push_back(std::move(e));
}

void ZipWriter::finish() {
  if (finished_) return;
  if (offset_ >= kMax32) throw std::length_error("zip: over 4 GiB (no ZIP64)");
  const std::uint64_t start = offset_;
  std::string central;
  for (const auto& e : entries_) {
    put32(central, kCentralSignature);
    put16(central, (3U << 8) | kVersion);  // made by: unix, 2.0
    put16(central, kVersion);
    put16(central, kUtf8Flag);
    put16(central, e.method);
    put16(central, e.time);
    put16(central, e.date);
    put32(central, e.crc);
    put32(central, e.compressed);
    put32(central, e.size);
    put16(central, static_cast<std::uint16_t>(e.name.size()));
    put16(central, 0);               // extra
    put16(central, 0);               // comment
    put16(central, 0);               // disk
    put16(central, 0);               // internal attributes
    put32(central, 0100644U << 16);  // external: a regular file, rw-r--r--
    put32(central, e.offset);
    central += e.name;
    if (central.size() >= 64 * 1024) {
      emit(central);
      central.clear();
    }
  }
  const std::uint64_t size = offset_ + central.size() - start;
  if (start + size >= kMax32) throw std::length_error("zip: over 4 GiB (no ZIP64)");
  put32(central, kEndSignature);
  put16(central, 0);
  put16(central, 0);
  put16(central, static_cast<std::uint16_t>(entries_.size()));
  put16(central, static_cast<std::uint16_t>(entries_.size()));
  put32(central, static_cast<std::uint32_t>(size));
  put32(central, static_cast<std::uint32_t>(start));
  put16(central, 0);  // no comment
  emit(central);
  finished_ = true;
}

std::vector<ZipEntryRead> read_zip(std::string_view archive) {
  if (archive.size() < 22) throw std::runtime_error("zip: too short");
  // The end record: the last signature within the final 64 KiB + 22 bytes.
  std::size_t end = std::string_view::npos;
  std::size_t lowest = archive.size() > 0xFFFF + 22 ? archive.size() - 0xFFFF - 22 : 0;
  for (std::size_t at = archive.size() - 22 + 1; at-- > lowest;)
    if (get32(archive, at) == kEndSignature) {
      end = at;
      break;
    }
  if (end == std::string_view::npos) throw std::runtime_error("zip: no end record");
  const std::uint16_t count = get16(archive, end + 10);
  std::size_t at = get32(archive, end + 16);
  std::vector<ZipEntryRead> out;
  for (std::uint16_t i = 0; i < count; ++i) {
    if (get32(archive, at) != kCentralSignature) throw std::runtime_error("zip: bad central header");
    ZipEntryRead e;
    e.flags = get16(archive, at + 8);
    e.method = get16(archive, at + 10);
    e.modified.time = get16(archive, at + 12);
    e.modified.date = get16(archive, at + 14);
    e.crc = get32(archive, at + 16);
    e.compressed = get32(archive, at + 20);
    e.size = get32(archive, at + 24);
    const std::uint16_t name_length = get16(archive, at + 28);
    const std::uint16_t extra = get16(archive, at + 30);
    const std::uint16_t comment = get16(archive, at + 32);
    const std::uint32_t local = get32(archive, at + 42);
    if (at + 46 + name_length > archive.size()) throw std::runtime_error("zip: truncated name");
    e.name = std::string(archive.substr(at + 46, name_length));
    at += 46 + name_length + extra + comment;
    if (get32(archive, local) != kLocalSignature) throw std::runtime_error("zip: bad local header");
    const std::size_t data_at = local + 30 + get16(archive, local + 26) + get16(archive, local + 28);
    if (std::string(archive.substr(local + 30, get16(archive, local + 26))) != e.name)
      throw std::runtime_error("zip: local and central names differ");
    if (data_at + e.compressed > archive.size()) throw std::runtime_error("zip: truncated data");
    std::string_view packed = archive.substr(data_at, e.compressed);
    if (e.method == kStored) e.data = std::string(packed);
    else if (e.method == kDeflated) e.data = raw_inflate(packed, e.size);
    else throw std::runtime_error("zip: unknown method");
    if (e.data.size() != e.size || zip_crc32(e.data) != e.crc) throw std::runtime_error("zip: CRC or size mismatch");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace trame::docs
