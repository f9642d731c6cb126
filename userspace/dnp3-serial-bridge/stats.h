/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters, printed as "name value" lines on SIGUSR1 (to the log) and to
 * every client of the stats socket.
 */
#ifndef DNP3_STATS_H
#define DNP3_STATS_H

#include <stddef.h>
#include <stdint.h>

struct port_stats {
	uint64_t frames_in;		/* whole frames read from the line */
	uint64_t frames_out;		/* frames written to the line */
	uint64_t raw_chunks_in;		/* raw mode: idle-framed chunks read */
	uint64_t bytes_out;		/* raw mode: bytes written */
	uint64_t overflows;		/* frames dropped: output queue full */
	uint64_t partial_timeouts;	/* partial frames ended by a quiet line */
	uint64_t open_failures;		/* failed attempts to open the device */
};

struct stats {
	uint64_t frames_serial_to_ip;
	uint64_t frames_ip_to_serial;
	uint64_t udp_datagrams_in;
	uint64_t udp_datagrams_out;
	uint64_t udp_partial_drops;	/* datagram ended inside a frame */
	uint64_t no_route;		/* no port or peer owns the address */
	uint64_t refused_masters;	/* not on the allow-list */
	uint64_t route_refused;		/* a route may not move there */
	uint64_t sessions_opened;
	uint64_t sessions_closed;
	uint64_t sessions_refused;	/* over max-sessions */
	uint64_t tcp_throttled;		/* reading a session paused: serial full */
	uint64_t connect_attempts;
	uint64_t connect_failures;
	uint64_t tls_failures;
	uint64_t keepalive_sent;
	uint64_t keepalive_failures;
	uint64_t keepalive_answered;
};

struct bridge;

size_t stats_format(struct bridge *b, char *out, size_t size);
void stats_log(struct bridge *b);
void stats_serve(struct bridge *b);

#endif /* DNP3_STATS_H */
