import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DETECTION_SCAN_LIMIT, looksLikeNatsConfig } from '../../client/src/confDetection';

// Test bundles run from out/test/unit/; the repository root is three levels up, and CI clones
// the repository with shared/ beside it.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const corpusRoot = path.join(repoRoot, '..', 'shared', 'corpus', 'nats-server');

/**
 * Corpus files the heuristic is allowed to miss, with the reason. Keep this list short: each
 * entry is a NATS file a user would have to switch by hand.
 */
const EXCLUDED_FROM_CORPUS = new Map([
  [
    'conf/includes/passwords.conf',
    'an include fragment holding only two variables (ALICE_PASS, BOB_PASS) and no NATS option name; ' +
      'by content it is a generic `KEY: value` file, and claiming those would steal other formats',
  ],
]);

function findConfFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findConfFiles(full));
    else if (name.endsWith('.conf')) found.push(full);
  }
  return found;
}

test('every .conf of the nats-server corpus is detected (except the listed fragments)', () => {
  const files = findConfFiles(corpusRoot);
  assert.ok(files.length > 50, `expected the corpus at ${corpusRoot}, found ${files.length} files`);
  const missed = files
    .map((file) => path.relative(corpusRoot, file).split(path.sep).join('/'))
    .filter((relative) => !EXCLUDED_FROM_CORPUS.has(relative))
    .filter((relative) => !looksLikeNatsConfig(readFileSync(path.join(corpusRoot, relative), 'utf8')));
  assert.deepEqual(missed, []);
});

test('the excluded corpus files exist, so the exclusion list does not go stale', () => {
  for (const relative of EXCLUDED_FROM_CORPUS.keys()) {
    assert.ok(statSync(path.join(corpusRoot, relative)).isFile(), relative);
  }
});

test('the project examples are detected', () => {
  const examples = path.join(repoRoot, 'examples');
  const files = findConfFiles(examples);
  assert.ok(files.length >= 3);
  for (const file of files) assert.ok(looksLikeNatsConfig(readFileSync(file, 'utf8')), file);
});

const NATS_SNIPPETS: Record<string, string> = {
  'the TLS docs example': 'tls: {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n}\n',
  'a one-line map': 'tls { cert_file: "a.pem", key_file: "b.pem" }\n',
  'a single listen line': 'listen: 0.0.0.0:4222\n',
  'equals separators': 'port = 4222\nhttp_port = 8222\n',
  'CRLF line ends': 'port: 4222\r\njetstream {\r\n  store_dir: "/data"\r\n}\r\n',
  'a leafnode remote': 'leafnodes {\n  remotes = [\n    { url: "tls://hub.example.com:7422", credentials: "/etc/nats/leaf.creds" }\n  ]\n}\n',
  'semicolon terminators': 'port: 4222; http_port: 8222;\nserver_name: n1;\n',
};

for (const [name, text] of Object.entries(NATS_SNIPPETS)) {
  test(`detects ${name}`, () => assert.equal(looksLikeNatsConfig(text), true));
}

/** Realistic configs of other programs that also end in `.conf`. */
const OTHER_FORMATS: Record<string, string> = {
  'nginx site': `
server {
    listen 80;
    listen [::]:80;
    server_name example.com www.example.com;
    root /var/www/example;
    index index.html;

    location / {
        try_files $uri $uri/ =404;
    }

    location /api/ {
        proxy_pass http://127.0.0.1:4222;
        proxy_set_header Host $host;
        proxy_read_timeout 90;
    }
}
`,
  'nginx main': `
user www-data;
worker_processes auto;
pid /run/nginx.pid;
include /etc/nginx/modules-enabled/*.conf;

events {
    worker_connections 768;
}

http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log /var/log/nginx/access.log;
    error_log /var/log/nginx/error.log;
    gzip on;
    include /etc/nginx/conf.d/*.conf;
    include /etc/nginx/sites-enabled/*;
}
`,
  'nginx TLS server': `
server {
    listen 443 ssl http2;
    server_name nats.example.com;
    ssl_certificate /etc/ssl/certs/nats.pem;
    ssl_certificate_key /etc/ssl/private/nats.key;
    ssl_session_timeout 1d;
    location / {
        proxy_pass http://127.0.0.1:8222;
    }
}
`,
  'Apache httpd virtual host': `
Listen 8080
<VirtualHost *:80>
    ServerName www.example.com
    ServerAdmin webmaster@example.com
    DocumentRoot /var/www/html
    ErrorLog \${APACHE_LOG_DIR}/error.log
    CustomLog \${APACHE_LOG_DIR}/access.log combined
    <Directory /var/www/html>
        Options Indexes FollowSymLinks
        AllowOverride None
        Require all granted
    </Directory>
</VirtualHost>
`,
  'Apache httpd main': `
ServerRoot "/etc/httpd"
Listen 80
Include conf.modules.d/*.conf
User apache
Group apache
ServerAdmin root@localhost
Timeout 300
KeepAlive On
<IfModule dir_module>
    DirectoryIndex index.html
</IfModule>
`,
  supervisord: `
[unix_http_server]
file=/var/run/supervisor.sock
chmod=0700

[supervisord]
logfile=/var/log/supervisor/supervisord.log
pidfile=/var/run/supervisord.pid
childlogdir=/var/log/supervisor

[program:nats]
command=/usr/local/bin/nats-server -c /etc/nats/nats.conf
user=nats
autostart=true
autorestart=true
stdout_logfile=/var/log/nats.log
`,
  sysctl: `
# Kernel tuning for a message broker host
net.core.somaxconn = 4096
net.ipv4.tcp_max_syn_backlog = 8192
net.ipv4.ip_local_port_range = 1024 65535
vm.swappiness=10
fs.file-max = 2097152
kernel.pid_max = 4194304
`,
  'fail2ban jail': `
[DEFAULT]
bantime  = 1h
findtime = 10m
maxretry = 5
backend = systemd
ignoreip = 127.0.0.1/8 ::1

[sshd]
enabled = true
port    = ssh
logpath = %(sshd_log)s

[nginx-http-auth]
enabled = true
port    = http,https
`,
  'ini with NATS-like keys': `
[server]
host = 0.0.0.0
port = 4222
debug = false

[client]
user = admin
password = secret
timeout = 5
`,
  'resolv.conf': `
# Generated by NetworkManager
search example.com corp.example.com
domain example.com
nameserver 10.0.0.2
nameserver 8.8.8.8
options ndots:2 timeout:1 attempts:3
`,
  'logrotate main': `
weekly
su root adm
rotate 4
create
dateext
include /etc/logrotate.d

/var/log/wtmp {
    missingok
    monthly
    create 0664 root utmp
    rotate 1
}
`,
  'logrotate service': `
/var/log/nats/*.log {
    daily
    missingok
    rotate 14
    compress
    delaycompress
    notifempty
    create 0640 nats adm
    sharedscripts
    postrotate
        systemctl kill -s HUP nats-server.service
    endscript
}
`,
  rsyslog: `
module(load="imuxsock")
module(load="imklog" permitnonkernelfacility="on")
$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat
$RepeatedMsgReduction on
$FileOwner syslog
$FileGroup adm
$WorkDirectory /var/spool/rsyslog
$IncludeConfig /etc/rsyslog.d/*.conf
*.*;auth,authpriv.none          -/var/log/syslog
auth,authpriv.*                 /var/log/auth.log
kern.*                          -/var/log/kern.log
:programname, isequal, "nats-server" /var/log/nats.log
& stop
`,
  'systemd-resolved': `
#  This file is part of systemd.
[Resolve]
DNS=1.1.1.1 9.9.9.9
FallbackDNS=8.8.8.8
Domains=~.
DNSSEC=allow-downgrade
DNSOverTLS=opportunistic
Cache=yes
DNSStubListener=yes
`,
  'redis.conf': `
bind 127.0.0.1 -::1
protected-mode yes
port 6379
tcp-backlog 511
timeout 0
tcp-keepalive 300
daemonize no
pidfile /var/run/redis_6379.pid
loglevel notice
logfile ""
databases 16
save 3600 1 300 100 60 10000
tls-port 6380
tls-cert-file /etc/redis/redis.crt
`,
  'HOCON application.conf': `
akka {
  loglevel = "INFO"
  actor {
    provider = "cluster"
  }
  remote.artery {
    canonical {
      hostname = "127.0.0.1"
      port = 2551
    }
  }
  cluster {
    seed-nodes = ["akka://ClusterSystem@127.0.0.1:2551"]
    downing-provider-class = "akka.cluster.sbr.SplitBrainResolverProvider"
  }
}
`,
  'YAML mongod.conf': `
storage:
  dbPath: /var/lib/mongodb
net:
  port: 27017
  bindIp: 127.0.0.1
systemLog:
  destination: file
  logAppend: true
  path: /var/log/mongodb/mongod.log
`,
};

for (const [name, text] of Object.entries(OTHER_FORMATS)) {
  test(`does not claim ${name}`, () => assert.equal(looksLikeNatsConfig(text), false));
}

test('empty, blank and comment-only texts are not claimed', () => {
  for (const text of ['', '   \n\n', '# just a comment\n// another\n']) assert.equal(looksLikeNatsConfig(text), false);
});

test('never throws on odd input', () => {
  const odd = ['\u0000\u0001\uFFFD', '"unterminated', "'", '{{{{', ']]]', '\uFEFFport: 4222', 'a'.repeat(200_000), ':\n=\n;'];
  for (const text of odd) assert.doesNotThrow(() => looksLikeNatsConfig(text));
  assert.equal(looksLikeNatsConfig('\uFEFFport: 4222\n'), true);
});

test('only the first 64 KB are examined', () => {
  const padding = '# padding\n'.repeat(Math.ceil(DETECTION_SCAN_LIMIT / 10) + 10);
  assert.equal(looksLikeNatsConfig(`${padding}server_name: n1\n`), false);
  assert.equal(looksLikeNatsConfig(`server_name: n1\n${padding}`), true);
});
