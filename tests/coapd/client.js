// SPDX-License-Identifier: GPL-2.0
//
// client.js - a second, independent CoAP client (the npm "coap" package)
// for the coapd tests.
//
//   node client.js get HOST PORT PATH            payload on stdout
//   node client.js put HOST PORT PATH PAYLOAD    code on stdout
//   node client.js post HOST PORT PATH PAYLOAD
//   node client.js observe HOST PORT PATH N      the first N representations,
//                                                one per line
// Exit 0 on a 2.xx answer, 1 otherwise (code and diagnostic on stderr), 3 on
// a timeout (10 s).
'use strict';
const coap = require('coap');

const [cmd, host, port, path, arg] = process.argv.slice(2);
if (!cmd || !host || !port || !path) {
	console.error('usage: client.js get|put|post|observe HOST PORT PATH [ARG]');
	process.exit(2);
}

const timer = setTimeout(() => {
	console.error('timeout');
	process.exit(3);
}, 10000);

const agent = new coap.Agent({ type: host.includes(':') ? 'udp6' : 'udp4' });
const opts = {
	hostname: host,
	port: Number(port),
	pathname: path,
	method: cmd === 'observe' ? 'GET' : cmd.toUpperCase(),
	observe: cmd === 'observe',
	agent,
};
const req = coap.request(opts);

function ok(code) {
	return String(code).startsWith('2.');
}

req.on('response', (res) => {
	if (!ok(res.code)) {
		console.error(`${res.code} ${res.payload.toString()}`);
		process.exit(1);
	}
	if (cmd === 'observe') {
		let left = Number(arg || 1);
		const seen = (buf) => {
			process.stdout.write(buf.toString() + '\n');
			if (--left <= 0) {
				clearTimeout(timer);
				res.close();
				setTimeout(() => process.exit(0), 50);
			}
		};
		res.on('data', seen);	/* the first answer comes this way too */
		return;
	}
	clearTimeout(timer);
	if (cmd === 'get')
		process.stdout.write(res.payload);
	else
		process.stdout.write(res.code + '\n');
	process.exit(0);
});
req.on('error', (e) => {
	console.error(`error: ${e.message}`);
	process.exit(1);
});
if (cmd === 'put' || cmd === 'post')
	req.write(arg || '');
req.end();
