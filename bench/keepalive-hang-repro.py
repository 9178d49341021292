# Reproduces a defect found on 2026-11-23 (present at 56d7c44, before that day's issue-11 changes, and after them):
# on one kept-alive connection, a request that follows a response of another route is sometimes never answered
# (no byte within 3 s), e.g. GET /health after GET /supported-languages, or GET /orders?limit=0 after
# GET /orders?status=LOST (OrdersApiTest timed out on exactly that once in CI). One route alone does not hang; two
# unknown routes (404s) do not hang, neither on Streamgate nor on the bare baseline.
# Cause: reactor-netty 1.3.7 (issue 4361), fixed in 1.3.8 (Spring Boot 4.1.2 with Netty 4.2.18). The tests that keep it
# fixed: platform KeptAliveRequestsTest (a plain reactor-netty server) and app edge.KeptAliveRequestsTest.
# Usage (the README's run command up): PORT=8000 python3 bench/keepalive-hang-repro.py 15 "/health,/supported-languages"
# Prints each hang ("HANG <path> <bytes received>") and the totals. Without a third argument every request has its own
# X-API-Key (no rate limiting); with one, all share a key.
import socket, time, sys
paths=sys.argv[2].split(",")
def conn():
    s=socket.create_connection(("127.0.0.1",int(__import__("os").environ.get("PORT","8000")))); s.settimeout(3); return s
s=conn(); t0=time.time(); n=0; hangs=0
while time.time()-t0<float(sys.argv[1]):
    for p in paths:
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nX-API-Key: k%d\r\n\r\n"%(p,0 if len(sys.argv)>3 else n%50000)).encode()); buf=b""
        try:
            while True:
                if b"\r\n\r\n" in buf:
                    head,_,body=buf.partition(b"\r\n\r\n")
                    cl=int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
                    if len(body)>=cl: break
                d=s.recv(65536)
                if not d: raise EOFError
                buf+=d
            n+=1
        except (socket.timeout, EOFError) as e:
            hangs+=1; print("HANG", p, len(buf), flush=True); s.close(); s=conn()
print(sys.argv[2], "n",n,"hangs",hangs)
