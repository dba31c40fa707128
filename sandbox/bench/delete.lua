-- wrk script: send every request as DELETE (wrk's default is GET).
wrk.method = "DELETE"
