# Lists certificates of LocalMachine stores, optionally only some thumbprints; EKUs as OIDs (their friendly
# names are localized). rawData (the public certificate, DER base64) only when asked, for a fix's snapshot.
# Input: { "stores": [ { "store": "Remote Desktop", "thumbprints": ["3F1C..."] } ], "includeRaw": false }
# Output: { "stores": [ { store, exists, unreadable: null | why the store could not be listed, certificates: [...] } ] }
param([Parameter(Mandatory = $true)][string]$InputBase64)
. (Join-Path -Path $PSScriptRoot -ChildPath '..\lib\rd-common.ps1')
try {
    $in = ConvertFrom-RdInput -InputBase64 $InputBase64
    $includeRaw = $false
    if ($in.PSObject.Properties.Name -contains 'includeRaw') { $includeRaw = [bool]$in.includeRaw }
    $stores = @()
    foreach ($req in @($in.stores)) {
        $storePath = 'Cert:\LocalMachine\' + [string]$req.store
        $wanted = @()
        if ($req.PSObject.Properties.Name -contains 'thumbprints' -and $null -ne $req.thumbprints) {
            $wanted = @($req.thumbprints | ForEach-Object { ([string]$_).ToUpperInvariant() })
        }
        $certs = @()
        # Only PathNotFound means "no such store". Test-Path answered $false for a store this account may not
        # open too, and an unreadable Remote Desktop store then read as "Remote Desktop has no certificate".
        $exists = $true
        $unreadable = $null
        $items = @()
        try { $items = @(Get-ChildItem -LiteralPath $storePath -ErrorAction Stop) } catch {
            if ([string]$_.FullyQualifiedErrorId -like 'PathNotFound*') { $exists = $false } else { $unreadable = Get-RdErrorClass -ErrorRecord $_ }
        }
        if ($exists) {
            foreach ($c in $items) {
                $thumb = ([string]$c.Thumbprint).ToUpperInvariant()
                if ($wanted.Count -gt 0 -and -not ($wanted -contains $thumb)) { continue }
                $ekus = @()
                foreach ($e in @($c.EnhancedKeyUsageList)) { if ($null -ne $e -and $e.ObjectId) { $ekus += [string]$e.ObjectId } }
                $raw = $null
                if ($includeRaw) { $raw = [System.Convert]::ToBase64String($c.RawData) }
                $certs += @{
                    thumbprint = $thumb
                    subject = [string]$c.Subject
                    issuer = [string]$c.Issuer
                    notBefore = ConvertTo-RdDate -Value $c.NotBefore
                    notAfter = ConvertTo-RdDate -Value $c.NotAfter
                    hasPrivateKey = [bool]$c.HasPrivateKey
                    enhancedKeyUsage = @($ekus)
                    rawData = $raw
                }
            }
        }
        $stores += @{ store = [string]$req.store; exists = [bool]$exists; unreadable = $unreadable; certificates = @($certs) }
    }
    Write-RdResult -Result @{ stores = @($stores) }
} catch {
    Write-RdError -ErrorRecord $_
}
